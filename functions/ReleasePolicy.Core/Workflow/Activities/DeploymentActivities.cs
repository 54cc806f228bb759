using System.Globalization;
using ReleasePolicy.Releases;

namespace ReleasePolicy.Workflow.Activities;

/// <summary>The monitored-deployment stage.</summary>
public sealed class DeploymentActivities(TimeProvider time)
{
    public Task<StageDecision> CompleteAsync(ReleaseWorkflowInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var decision = new StageDecision(
            ReleaseStage.Deployment,
            StageOutcomes.Deployed,
            "Bake time passed with no health signal against the release.",
            time.GetUtcNow(),
            new Dictionary<string, string>(StringComparer.Ordinal) { ["bakeTime"] = input.BakeTime.ToString("c", CultureInfo.InvariantCulture) });
        return Task.FromResult(decision);
    }
}
