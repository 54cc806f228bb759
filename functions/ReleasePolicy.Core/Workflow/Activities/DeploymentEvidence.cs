using System.Text.Json;
using ReleasePolicy.Readiness;
using ReleasePolicy.Releases;

namespace ReleasePolicy.Workflow.Activities;

/// <summary>A release's submitted evidence, parsed again for the parts the deployment stage quotes: rollback procedure, runbook, schema migration, known issues.</summary>
internal static class DeploymentEvidence
{
    public static ReleaseEvidence Of(ReleaseRequest request)
    {
        using JsonDocument json = JsonDocument.Parse(request.EvidenceJson ?? "{}");
        return json.RootElement.ValueKind == JsonValueKind.Object ? ReleaseEvidenceParser.Parse(json.RootElement).Evidence ?? ReleaseEvidence.Empty : ReleaseEvidence.Empty;
    }
}
