using System.Globalization;
using ReleasePolicy.Releases;

namespace ReleasePolicy.Workflow.Activities;

/// <summary>The scheduling stage: books the deployment slot.</summary>
public sealed class SchedulingActivities(TimeProvider time)
{
    public Task<StageDecision> BookAsync(ReleaseWorkflowInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        DateTimeOffset now = time.GetUtcNow();
        var decision = new StageDecision(
            ReleaseStage.Scheduling,
            StageOutcomes.Scheduled,
            "Booked for immediate deployment: no calendar, windows or freezes are configured yet.",
            now,
            new Dictionary<string, string>(StringComparer.Ordinal) { ["slotStart"] = now.ToString("O", CultureInfo.InvariantCulture) });
        return Task.FromResult(decision);
    }
}
