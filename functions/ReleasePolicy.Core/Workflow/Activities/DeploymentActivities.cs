using System.Globalization;
using ReleasePolicy.Evidence;
using ReleasePolicy.Releases;

namespace ReleasePolicy.Workflow.Activities;

/// <summary>The monitored-deployment stage; its outcome is recorded as evidence.</summary>
public sealed class DeploymentActivities(StageRecorder recorder)
{
    public Task<StageResult> CompleteAsync(StageInput step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var decision = new StageDecision(
            ReleaseStage.Deployment,
            StageOutcomes.Deployed,
            "Bake time passed with no health signal against the release.",
            new DateTimeOffset(DateTime.SpecifyKind(step.At, DateTimeKind.Utc)),
            new Dictionary<string, string>(StringComparer.Ordinal) { ["bakeTime"] = step.Release.BakeTime.ToString("c", CultureInfo.InvariantCulture) });
        return recorder.RecordAsync(step, EvidenceKinds.Deployment, decision, new { decision }, ReleaseStage.Deployment, ReleaseStatus.InProgress);
    }
}
