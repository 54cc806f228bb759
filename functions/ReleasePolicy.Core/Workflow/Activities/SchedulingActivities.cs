using System.Globalization;
using ReleasePolicy.Evidence;
using ReleasePolicy.Releases;

namespace ReleasePolicy.Workflow.Activities;

/// <summary>The scheduling stage: books the deployment slot and records the booking as evidence.</summary>
public sealed class SchedulingActivities(StageRecorder recorder)
{
    public Task<StageResult> BookAsync(StageInput step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var at = new DateTimeOffset(DateTime.SpecifyKind(step.At, DateTimeKind.Utc));
        var decision = new StageDecision(
            ReleaseStage.Scheduling,
            StageOutcomes.Scheduled,
            "Booked for immediate deployment: no calendar, windows or freezes are configured yet.",
            at,
            new Dictionary<string, string>(StringComparer.Ordinal) { ["slotStart"] = at.ToString("O", CultureInfo.InvariantCulture) });
        return recorder.RecordAsync(step, EvidenceKinds.Schedule, decision, new { decision }, ReleaseStage.Deployment, ReleaseStatus.InProgress);
    }
}
