using System.Globalization;
using ReleasePolicy.Deployment.Health;
using ReleasePolicy.Deployment.Signals;
using ReleasePolicy.Policy;
using ReleasePolicy.Releases;

namespace ReleasePolicy.Workflow;

/// <summary>
/// The watch over one deployment as a state machine: waiting for the pipeline's <c>Started</c>, then judging every
/// signal during the bake time, until it decides. Pure and deterministic (times are given by the caller, the
/// orchestration's clock), so the orchestration only waits and this class decides; tests drive it directly.
/// Silence is never health: no <c>Started</c> by the start timeout means not deployed, a gap between samples longer than
/// the profile allows fails the deployment, and the bake time ends healthy only if the pipeline reported success.
/// </summary>
public sealed class DeploymentWatch
{
    /// <summary>Signals kept for the record; beyond this a chatty sender's extra signals are counted, not kept.</summary>
    public const int MaxKeptSignals = 2000;

    private readonly DeploymentPlan plan;
    private readonly HealthThresholds thresholds;
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);
    private readonly List<DeploymentSignal> signals = [];
    private readonly List<HealthSample> samples = [];
    private readonly List<AzureMonitorAlert> firedAlerts = [];
    private DateTime startDeadline;
    private DateTime bakeEnd;
    private DateTime lastSampleAt;

    public DeploymentWatch(DeploymentPlan plan, DateTime clearedAt)
    {
        ArgumentNullException.ThrowIfNull(plan);
        this.plan = plan;
        this.thresholds = plan.Thresholds ?? throw new ArgumentException("An unwatched deployment has no watch.", nameof(plan));
        this.ClearedAt = clearedAt;
        this.startDeadline = clearedAt + plan.StartTimeout;
    }

    public DateTime ClearedAt { get; }

    public DateTime? StartedAt { get; private set; }

    public DateTime? SucceededAt { get; private set; }

    public WatchDecision? Decision { get; private set; }

    /// <summary>Signals seen beyond <see cref="MaxKeptSignals"/> (judged, not kept in the record).</summary>
    public int Dropped { get; private set; }

    /// <summary>
    /// How long past a deadline the orchestration still waits for a signal already on its way (a tenth of the sample gap,
    /// between 2 and 30 seconds): queues, not the sender, can make a timely signal reach the workflow after its timer, and
    /// a busy host's queue polling alone can take a second or two.
    /// </summary>
    public TimeSpan Grace
    {
        get
        {
            TimeSpan tenth = this.plan.MaxSampleGap / 10;
            return tenth < MinGrace ? MinGrace : tenth > MaxGrace ? MaxGrace : tenth;
        }
    }

    private static TimeSpan MinGrace => TimeSpan.FromSeconds(2);

    private static TimeSpan MaxGrace => TimeSpan.FromSeconds(30);

    /// <summary>When the watch must look again if nothing arrives: the start timeout, else the earlier of the next sample's due time and the bake end.</summary>
    public DateTime NextDeadline => this.StartedAt is null ? this.startDeadline : Min(this.bakeEnd, this.lastSampleAt + this.plan.MaxSampleGap);

    public WatchRecord Record() => new(this.ClearedAt, this.StartedAt, this.SucceededAt, [.. this.signals], this.StartedAt is null ? null : this.Verdict());

    /// <summary>Takes one signal; returns the decision when it decides. A repeated event id changes nothing.</summary>
    public WatchDecision? Observe(DeploymentSignal signal, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(signal);
        if (this.Decision is not null || !this.seen.Add(signal.EventId))
        {
            return this.Decision;
        }

        if (this.signals.Count < MaxKeptSignals)
        {
            this.signals.Add(signal);
        }
        else
        {
            this.Dropped++;
        }

        // A deadline that passed before this signal arrived decides first: a sample after the gap does not rescue the
        // watch, and a Started after the start timeout does not start it (the signal stays in the record).
        return this.TimeUp(now) ?? (this.StartedAt is null ? this.BeforeStart(signal, now) : this.During(signal, now));
    }

    /// <summary>Called when <see cref="NextDeadline"/> passed with nothing new; returns the decision when it decides.</summary>
    public WatchDecision? TimeUp(DateTime now)
    {
        if (this.Decision is not null)
        {
            return this.Decision;
        }

        if (this.StartedAt is null)
        {
            return now >= this.startDeadline
                ? this.Decide(StageOutcomes.NotDeployed, null, $"The pipeline did not report {SignalTypes.DeploymentStarted} within {DurationText.Format(this.plan.StartTimeout)} of clearance (monitoring.startTimeout); nothing was deployed.", now)
                : null;
        }

        DateTime sampleDue = this.lastSampleAt + this.plan.MaxSampleGap;
        if (now >= sampleDue && sampleDue < this.bakeEnd)
        {
            return this.Decide(
                StageOutcomes.Unhealthy,
                HealthRules.MissingSamples,
                string.Create(CultureInfo.InvariantCulture, $"No health sample for {DurationText.Format(this.plan.MaxSampleGap)} (the last at {Stamp(this.lastSampleAt)}, {this.samples.Count} in all); profile {this.plan.Profile} allows no longer a gap (maxSampleGap): missing samples are a failure, never a pass."),
                now);
        }

        if (now < this.bakeEnd)
        {
            return null;
        }

        return this.SucceededAt is null
            ? this.Decide(StageOutcomes.Unhealthy, HealthRules.DeploymentNotCompleted, $"The bake time ({DurationText.Format(this.plan.BakeTime)}) ended and the pipeline never reported {SignalTypes.DeploymentSucceeded}.", now)
            : this.Decide(StageOutcomes.Deployed, null, this.HealthySummary(), now);
    }

    private WatchDecision? BeforeStart(DeploymentSignal signal, DateTime now)
    {
        switch (signal.Kind)
        {
            case SignalKind.Started:
                this.StartedAt = now;
                this.bakeEnd = now + this.plan.BakeTime;
                this.lastSampleAt = now;
                return null;
            case SignalKind.Failed:
                // The pipeline may have changed something before it failed: roll back rather than assume nothing happened.
                return this.Decide(StageOutcomes.Unhealthy, HealthRules.DeploymentFailed, Failed(signal), now);
            case SignalKind.ManualRollback when signal.Person is { } person:
                return this.Decide(StageOutcomes.NotDeployed, HealthRules.ManualRollback, $"Stopped before it started by the rollback owner {person}" + Because(signal), now);
            default:
                return null;
        }
    }

    private WatchDecision? During(DeploymentSignal signal, DateTime now)
    {
        switch (signal.Kind)
        {
            case SignalKind.HealthSample when signal.Sample is { } sample:
                this.samples.Add(sample);
                this.lastSampleAt = now;
                return this.Judge(now);
            case SignalKind.AlertFired when signal.Alert is { } alert:
                this.firedAlerts.Add(alert);
                return this.Judge(now);
            case SignalKind.Succeeded:
                this.SucceededAt ??= now;
                return null;
            case SignalKind.Failed:
                return this.Decide(StageOutcomes.Unhealthy, HealthRules.DeploymentFailed, Failed(signal), now);
            case SignalKind.ManualRollback when signal.Person is { } person:
                return this.Decide(StageOutcomes.Unhealthy, HealthRules.ManualRollback, $"The rollback owner {person} asked for a rollback" + Because(signal), now);
            default:
                return null;
        }
    }

    private WatchDecision? Judge(DateTime now)
    {
        HealthVerdict verdict = this.Verdict();
        return verdict.Breached is { } breached
            ? this.Decide(StageOutcomes.Unhealthy, breached.Rule, $"Health rule {breached.Rule} of profile {this.plan.Profile} broke: {breached.Threshold}; measured {breached.Measured}.", now)
            : null;
    }

    private HealthVerdict Verdict() => HealthEvaluator.Evaluate(this.thresholds, this.samples, this.firedAlerts);

    private string HealthySummary() =>
        string.Create(CultureInfo.InvariantCulture, $"Healthy through the bake time ({DurationText.Format(this.plan.BakeTime)}, profile {this.plan.Profile}): {this.samples.Count} sample{(this.samples.Count == 1 ? string.Empty : "s")}, no rule broke, and the pipeline reported success.");

    private WatchDecision Decide(string outcome, string? rule, string reason, DateTime now) =>
        this.Decision = new WatchDecision(outcome, rule, reason, now);

    private static string Failed(DeploymentSignal signal) => $"The pipeline reported {SignalTypes.DeploymentFailed} ({signal.EventId})" + Because(signal);

    private static string Because(DeploymentSignal signal) => signal.Reason is { Length: > 0 } reason ? $": {reason}." : ".";

    private static string Stamp(DateTime at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
