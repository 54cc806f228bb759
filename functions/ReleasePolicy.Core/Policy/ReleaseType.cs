using System.Text.Json.Serialization;

namespace ReleasePolicy.Policy;

[JsonConverter(typeof(JsonStringEnumConverter<ReleaseType>))]
public enum ReleaseType
{
    Major,
    Minor,
    Patch,
    Emergency,
}

public static class ReleaseTypeNames
{
    /// <summary>The keys a policy's <c>releaseTypes</c> section must contain, in policy spelling.</summary>
    public static IReadOnlyList<string> All { get; } = ["major", "minor", "patch", "emergency"];

    public static string ToPolicyName(this ReleaseType type) => All[(int)type];

    public static bool TryParse(string? text, out ReleaseType type)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (string.Equals(All[i], text, StringComparison.OrdinalIgnoreCase))
            {
                type = (ReleaseType)i;
                return true;
            }
        }

        type = default;
        return false;
    }
}
