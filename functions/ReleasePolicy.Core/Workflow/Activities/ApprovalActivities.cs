using ReleasePolicy.Releases;

namespace ReleasePolicy.Workflow.Activities;

/// <summary>The approval stage's decisions.</summary>
public sealed class ApprovalActivities(TimeProvider time)
{
    public Task<StageDecision> DecideAsync(ApprovalRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string route = request.Readiness.Readiness?.Oversight?.Route.ToString() ?? "none";
        var decision = new StageDecision(
            ReleaseStage.Approval,
            StageOutcomes.Approved,
            $"Approval route '{route}' recorded; approver tiers are not enforced by this build yet, so it was approved without approvers.",
            time.GetUtcNow(),
            new Dictionary<string, string>(StringComparer.Ordinal) { ["route"] = route, ["approvers"] = "none" });
        return Task.FromResult(decision);
    }
}
