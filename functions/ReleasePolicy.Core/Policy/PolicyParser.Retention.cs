using ReleasePolicy.Policy.Yaml;

namespace ReleasePolicy.Policy;

public static partial class PolicyParser
{
    private static readonly string[] RetentionKeys = ["defaultDays", "services"];

    /// <summary>The optional <c>retention</c> section; absent means <see cref="EvidenceRetention.Default"/>.</summary>
    private static EvidenceRetention? ReadRetention(YamlFieldReader reader, YMapping policy, PolicyScope? scope)
    {
        const string path = "retention";
        if (policy[path] is null)
        {
            return EvidenceRetention.Default;
        }

        YMapping? map = reader.StrictMapping(policy, path, string.Empty, required: true, RetentionKeys);
        if (map is null)
        {
            return null;
        }

        int? defaultDays = Days(reader, map, "defaultDays", path, required: true);
        var services = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        if (reader.Mapping(map, "services", path, required: false) is { } overrides)
        {
            string servicesPath = YamlFieldReader.Join(path, "services");
            foreach (var (key, _) in overrides.Entries)
            {
                if (scope is not null && !scope.Services.Any(s => string.Equals(s.Name, key.Value, StringComparison.OrdinalIgnoreCase)))
                {
                    reader.Error(key, YamlFieldReader.Join(servicesPath, key.Value), $"retention names service '{key.Value}' which is not listed under scope.services");
                    continue;
                }

                if (Days(reader, overrides, key.Value, servicesPath, required: true) is int days)
                {
                    services[key.Value] = days;
                }
            }
        }

        return defaultDays is int value ? new EvidenceRetention(value, services) : null;
    }

    private static int? Days(YamlFieldReader reader, YMapping map, string key, string path, bool required)
    {
        int? days = reader.Integer(map, key, path, required);
        if (days is < EvidenceRetention.MinDays or > EvidenceRetention.MaxDays)
        {
            reader.FieldError(map, key, path, $"must be from {EvidenceRetention.MinDays} to {EvidenceRetention.MaxDays} days (found {days})");
            return null;
        }

        return days;
    }
}
