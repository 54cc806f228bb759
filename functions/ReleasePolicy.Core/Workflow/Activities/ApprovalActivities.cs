using ReleasePolicy.Evidence;
using ReleasePolicy.Releases;

namespace ReleasePolicy.Workflow.Activities;

/// <summary>The approval stage's decisions, each recorded as evidence.</summary>
public sealed class ApprovalActivities(StageRecorder recorder)
{
    public Task<StageResult> DecideAsync(ApprovalStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        ApprovalRequest request = step.Request;
        string route = request.Readiness.Readiness?.Oversight?.Route.ToString() ?? "none";
        var decision = new StageDecision(
            ReleaseStage.Approval,
            StageOutcomes.Approved,
            $"Approval route '{route}' recorded; approver tiers are not enforced by this build yet, so it was approved without approvers.",
            new DateTimeOffset(DateTime.SpecifyKind(step.At, DateTimeKind.Utc)),
            new Dictionary<string, string>(StringComparer.Ordinal) { ["route"] = route, ["approvers"] = "none" });
        return recorder.RecordAsync(
            new StageInput(request.Release, request.Sequence, step.At),
            EvidenceKinds.Approval,
            decision,
            new { decision, oversight = request.Readiness.Readiness?.Oversight },
            ReleaseStage.Scheduling,
            ReleaseStatus.InProgress);
    }
}
