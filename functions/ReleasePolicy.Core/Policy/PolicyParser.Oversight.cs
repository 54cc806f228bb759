using ReleasePolicy.Policy.Yaml;
using ReleasePolicy.Validation;

namespace ReleasePolicy.Policy;

public static partial class PolicyParser
{
    private static readonly string[] AutoApproveKeys = ["allowedFor", "rule"];

    private sealed record OversightSection(List<OversightEntry> Entries, Dictionary<ApprovalRoute, OversightEntry> ByRoute);

    /// <summary>
    /// The <c>oversight</c> section: <c>autoApprove</c> lists the release types it may serve and the rule that allows
    /// it; every other route is an approval chain named <c>oversight.&lt;route&gt;</c>.
    /// </summary>
    private static OversightSection? ReadOversight(YamlFieldReader reader, YMapping policy, DirectoryLookup? directory)
    {
        const string path = "oversight";
        var map = reader.Mapping(policy, path, string.Empty, required: true);
        if (map is null)
        {
            return null;
        }

        var entries = new List<OversightEntry>();
        var byRoute = new Dictionary<ApprovalRoute, OversightEntry>();
        foreach (var (key, value) in map.Entries)
        {
            var entryPath = YamlFieldReader.Join(path, key.Value);
            if (!TryParseRoute(key.Value, out var route))
            {
                reader.Error(key, entryPath, UnknownRoute(key.Value));
                continue;
            }

            var isAuto = route == ApprovalRoute.AutoApprove;
            var entryMap = reader.StrictMapping(value, entryPath, isAuto ? AutoApproveKeys : ChainKeys);
            if (entryMap is null)
            {
                continue;
            }

            // A malformed entry is still recorded (its errors fail the parse) so that routes naming it are not also reported.
            var entry = isAuto
                ? ReadAutoApprove(reader, entryMap, entryPath)
                : new OversightEntry(route, []) { Chain = ReadChain(reader, entryMap, entryPath, directory) ?? ApprovalChain.Empty };
            entries.Add(entry);
            byRoute[route] = entry;
        }

        return new OversightSection(entries, byRoute);
    }

    private static OversightEntry ReadAutoApprove(YamlFieldReader reader, YMapping entry, string path)
    {
        var allowedFor = new List<ReleaseType>();
        var allowedNames = reader.TextList(entry, "allowedFor", path, required: true) ?? [];
        for (var i = 0; i < allowedNames.Count; i++)
        {
            if (ReleaseTypeNames.TryParse(allowedNames[i], out var type))
            {
                allowedFor.Add(type);
            }
            else
            {
                reader.Error(entry["allowedFor"], YamlFieldReader.Index($"{path}.allowedFor", i), $"unknown release type '{allowedNames[i]}'");
            }
        }

        // The words are recorded with every automatic approval, so an approval without a human still says why.
        var rule = Identifier(reader, entry, "rule", path, static text => Identifiers.CheckText(text, MaxStatementLength));
        return new OversightEntry(ApprovalRoute.AutoApprove, allowedFor) { AutoApproveRule = rule };
    }
}
