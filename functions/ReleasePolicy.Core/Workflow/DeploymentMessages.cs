using ReleasePolicy.Deployment.Health;
using ReleasePolicy.Deployment.Signals;
using ReleasePolicy.Policy;

namespace ReleasePolicy.Workflow;

/// <summary>
/// How a cleared release is watched, fixed by the clearing activity from the release's pinned policy. An unwatched
/// release (its environment is not in <c>monitoring.environments</c>, or the policy has no monitoring) waits the host's
/// bake time and says so in its decision.
/// </summary>
/// <param name="Profile">The health profile's name; null when unwatched.</param>
/// <param name="Rto">The release type's recovery time objective (<c>releaseTypes.{type}.rto</c>).</param>
public sealed record DeploymentPlan(
    bool Watched,
    string? Profile,
    TimeSpan StartTimeout,
    TimeSpan BakeTime,
    TimeSpan MaxSampleGap,
    TimeSpan Rto,
    TimeSpan RollbackWaitLimit,
    HealthThresholds? Thresholds)
{
    public static DeploymentPlan Unwatched(TimeSpan bakeTime, TimeSpan rto) => new(false, null, TimeSpan.Zero, bakeTime, TimeSpan.Zero, rto, TimeSpan.Zero, null);
}

/// <summary>The clearing step's decision and the plan it fixed.</summary>
public sealed record DeploymentClearance(StageResult Result, DeploymentPlan Plan);

/// <summary>What the watch concluded, before it is recorded.</summary>
/// <param name="Outcome"><c>deployed</c>, <c>notDeployed</c> or <c>unhealthy</c> (<see cref="Releases.StageOutcomes"/>).</param>
/// <param name="Rule">The rule that decided (<see cref="HealthRules"/>), null for a healthy deployment.</param>
public sealed record WatchDecision(string Outcome, string? Rule, string Reason, DateTime DecidedAt);

/// <summary>
/// Everything the watch saw, for its evidence record: when the pipeline started and finished, every signal in arrival
/// order, and the health verdict over the samples and alerts (every rule with its threshold and measurement).
/// </summary>
public sealed record WatchRecord(
    DateTime ClearedAt,
    DateTime? StartedAt,
    DateTime? SucceededAt,
    IReadOnlyList<DeploymentSignal> Signals,
    HealthVerdict? Verdict);

/// <summary>The judging step: record the watch's decision with everything behind it.</summary>
public sealed record JudgeStep(StageInput Step, DeploymentPlan Plan, WatchDecision Decision, WatchRecord Watch);

/// <summary>
/// The deployment's last record, handed to the close activity when nothing runs between them: the watch's judgement,
/// or (null) the unwatched completion. The close writes it at its own sequence and time.
/// </summary>
public sealed record DeploymentConclusion(JudgeStep? Judgement);

/// <summary>The rollback request step: the unhealthy decision it answers.</summary>
public sealed record RollbackStep(StageInput Step, DeploymentPlan Plan, WatchDecision Decision);

/// <summary>The rollback request's decision and the incident it opened; the RTO clock starts at <paramref name="RequestedAt"/>.</summary>
public sealed record RollbackTicket(StageResult Result, string IncidentId, DateTime RequestedAt);

/// <summary>The RTO passed without <c>RollbackCompleted</c>: record it and escalate.</summary>
public sealed record RtoMissStep(StageInput Step, DeploymentPlan Plan, string IncidentId, DateTime RequestedAt);

/// <summary>How the rollback ended: completed at <paramref name="CompletedAt"/> (null: never confirmed within the wait limit).</summary>
public sealed record RollbackEndStep(StageInput Step, DeploymentPlan Plan, string IncidentId, DateTime RequestedAt, DateTime? CompletedAt, IReadOnlyList<DeploymentSignal> Signals);
