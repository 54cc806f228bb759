using ReleasePolicy.Releases;

namespace ReleasePolicy.Workflow.Activities;

/// <summary>The approval stage's decisions.</summary>
public sealed class ApprovalActivities(TimeProvider time)
{
    public Task<StageDecision> DecideAsync(ApprovalRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var decision = new StageDecision(
            ReleaseStage.Approval,
            StageOutcomes.Approved,
            "Approved without approvers: no approval tiers are configured yet.",
            time.GetUtcNow(),
            new Dictionary<string, string>(StringComparer.Ordinal) { ["route"] = "none" });
        return Task.FromResult(decision);
    }
}
