using ReleasePolicy.Releases;

namespace ReleasePolicy.Workflow;

/// <summary>
/// One booking of the scheduling stage. <paramref name="Attempt"/> is 0 for the first booking and one more per
/// reschedule; <paramref name="NotBefore"/> comes from the orchestration (its clock, or its dependencies' completion);
/// <paramref name="Reason"/> says why a reschedule happens; <paramref name="Blocked"/>, when set, is why the release
/// cannot be scheduled at all (a dependency failed or never completed): the booking records the rejection instead.
/// </summary>
public sealed record ScheduleStep(StageInput Step, int Attempt, DateTime NotBefore, string? Reason = null, string? Blocked = null);

/// <summary>The release's dependencies as the scheduling stage sees them now.</summary>
/// <param name="Pending">Dependencies that have not ended yet.</param>
/// <param name="Failed">Dependencies that cannot be waited for: unknown, or ended other than succeeded ("id: status").</param>
/// <param name="Poll">How long to wait before looking again (the policy's scheduling.dependencyPoll).</param>
/// <param name="Timeout">How long to wait in all (the policy's scheduling.dependencyTimeout).</param>
public sealed record DependencyState(IReadOnlyList<string> Pending, IReadOnlyList<string> Failed, TimeSpan Poll, TimeSpan Timeout)
{
    public bool Ready => this.Pending.Count == 0 && this.Failed.Count == 0;
}

/// <summary>The checks run when the slot opens, for the booking <paramref name="Attempt"/>.</summary>
public sealed record DeploymentCheckStep(StageInput Step, int Attempt);

/// <summary>What the scheduling stage ended with: the booking's decision (or the rejection) and whether it owes a review.</summary>
public sealed record ScheduledSlot(StageDecision Decision, DateTime? Start);
