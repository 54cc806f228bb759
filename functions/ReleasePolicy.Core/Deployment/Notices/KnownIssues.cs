using System.Text.Json;
using ReleasePolicy.Readiness;

namespace ReleasePolicy.Deployment.Notices;

/// <summary>
/// The request's <c>evidence.knownIssues</c>: an array of strings the evidence model does not name, so the parser
/// keeps it in <see cref="ReleaseEvidence.Extra"/> under its path below <c>evidence</c> (<c>knownIssues</c>).
/// Anything else there (not an array, entries that are not strings or are blank) is not a known issue.
/// </summary>
public static class KnownIssues
{
    /// <summary>The key of the field in <see cref="ReleaseEvidence.Extra"/>.</summary>
    public const string ExtraKey = "knownIssues";

    /// <summary>The most issues release notes list (the evidence's own limits bound each string).</summary>
    public const int MaxListed = 50;

    public static IReadOnlyList<string> From(ReleaseEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        if (evidence.Extra is null || !evidence.Extra.TryGetValue(ExtraKey, out JsonElement value) || value.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return
        [
            .. value.EnumerateArray()
                .Where(item => item.ValueKind == JsonValueKind.String)
                .Select(item => item.GetString()!.Trim())
                .Where(text => text.Length > 0)
                .Take(MaxListed),
        ];
    }

    /// <summary>From the evidence JSON as submitted (<c>ReleaseRequest.EvidenceJson</c>); none when absent or not JSON.</summary>
    public static IReadOnlyList<string> FromEvidenceJson(string? evidenceJson)
    {
        if (string.IsNullOrWhiteSpace(evidenceJson))
        {
            return [];
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(evidenceJson);
            return From(ReleaseEvidenceParser.Parse(document.RootElement).Evidence);
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
