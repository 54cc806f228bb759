using ReleasePolicy.Releases;

namespace ReleasePolicy.Workflow.Activities;

/// <summary>The readiness stage: decides whether a release may go on to approval.</summary>
public sealed class ReadinessActivities(TimeProvider time)
{
    public Task<StageDecision> EvaluateAsync(ReleaseWorkflowInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ReleaseRequest request = input.Request;
        var details = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["releaseType"] = request.Type.ToString().ToLowerInvariant(),
            ["environment"] = request.Environment,
            ["evidenceProvided"] = request.EvidenceJson is null ? "false" : "true",
        };
        var decision = new StageDecision(
            ReleaseStage.Readiness,
            StageOutcomes.Passed,
            "No readiness gates are configured yet, so the request's shape is all that was checked.",
            time.GetUtcNow(),
            details);
        return Task.FromResult(decision);
    }
}
