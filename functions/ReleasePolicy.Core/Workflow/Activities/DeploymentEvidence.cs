using System.Text.Json;
using ReleasePolicy.Readiness;
using ReleasePolicy.Releases;

namespace ReleasePolicy.Workflow.Activities;

/// <summary>The parts of a release's submitted evidence the deployment stage quotes: rollback procedure, runbook, schema migration, known issues.</summary>
internal static class DeploymentEvidence
{
    private const int MaxKnownIssues = 20;

    public static ReleaseEvidence Of(ReleaseRequest request)
    {
        using JsonDocument json = JsonDocument.Parse(request.EvidenceJson ?? "{}");
        return json.RootElement.ValueKind == JsonValueKind.Object ? ReleaseEvidenceParser.Parse(json.RootElement).Evidence ?? ReleaseEvidence.Empty : ReleaseEvidence.Empty;
    }

    /// <summary><c>evidence.knownIssues</c> (an array of strings, kept with the unmodelled fields), bounded; none when absent.</summary>
    public static IReadOnlyList<string> KnownIssues(ReleaseEvidence evidence) =>
        evidence.Extra?.GetValueOrDefault("knownIssues") is { ValueKind: JsonValueKind.Array } issues
            ? [.. issues.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.String).Select(i => i.GetString()!).Take(MaxKnownIssues)]
            : [];
}
