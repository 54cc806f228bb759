using ReleasePolicy.Deployment.Health;
using ReleasePolicy.Deployment.Signals;
using ReleasePolicy.Policy;
using ReleasePolicy.Releases;
using ReleasePolicy.Workflow;

namespace ReleasePolicy.Core.Tests.Workflow;

/// <summary>The watch's decisions, driven with explicit times: silence never passes, every rule decides with its reason.</summary>
public sealed class DeploymentWatchTests
{
    private static readonly DateTime Cleared = new(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc);

    private static readonly DeploymentPlan Plan = new(
        Watched: true,
        Profile: "standard",
        StartTimeout: TimeSpan.FromMinutes(30),
        BakeTime: TimeSpan.FromMinutes(10),
        MaxSampleGap: TimeSpan.FromMinutes(2),
        Rto: TimeSpan.FromHours(1),
        RollbackWaitLimit: TimeSpan.FromHours(4),
        Thresholds: new HealthThresholds(new ConsecutiveLimit(2, 3), new ConsecutiveLimit(1500, 3), 3, ["Sev0", "Sev1"]));

    private int nextId;

    [Fact]
    public void TimeUp_NoStartedByTheStartTimeout_IsNotDeployed()
    {
        var watch = new DeploymentWatch(Plan, Cleared);

        Assert.Null(watch.TimeUp(Cleared.AddMinutes(29)));
        WatchDecision decision = watch.TimeUp(Cleared.AddMinutes(30))!;

        Assert.Equal(StageOutcomes.NotDeployed, decision.Outcome);
        Assert.Contains("startTimeout", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Observe_HealthySamplesAndSuccess_DeployedAtTheBakeEnd()
    {
        var watch = new DeploymentWatch(Plan, Cleared);
        DateTime started = Cleared.AddMinutes(1);
        watch.Observe(this.Signal(SignalKind.Started), started);
        for (int minute = 1; minute <= 9; minute++)
        {
            Assert.Null(watch.Observe(this.Sample(errorRate: 0.1), started.AddMinutes(minute)));
        }

        watch.Observe(this.Signal(SignalKind.Succeeded), started.AddMinutes(9.5));
        Assert.Equal(started.AddMinutes(10), watch.NextDeadline);
        WatchDecision decision = watch.TimeUp(started.AddMinutes(10))!;

        Assert.Equal(StageOutcomes.Deployed, decision.Outcome);
        Assert.Null(decision.Rule);
        Assert.True(watch.Record().Verdict!.Healthy);
    }

    [Fact]
    public void Observe_ErrorRateAboveTheLimitInThreeConsecutiveSamples_IsUnhealthyByErrorRate()
    {
        var watch = this.Started();

        Assert.Null(watch.Observe(this.Sample(errorRate: 6), Cleared.AddMinutes(2)));
        Assert.Null(watch.Observe(this.Sample(errorRate: 0.5), Cleared.AddMinutes(3)));
        Assert.Null(watch.Observe(this.Sample(errorRate: 6), Cleared.AddMinutes(4)));
        Assert.Null(watch.Observe(this.Sample(errorRate: 6), Cleared.AddMinutes(5)));
        WatchDecision decision = watch.Observe(this.Sample(errorRate: 6.05), Cleared.AddMinutes(6))!;

        Assert.Equal((StageOutcomes.Unhealthy, HealthRules.ErrorRate), (decision.Outcome, decision.Rule));
        Assert.Contains("2% in 3 consecutive samples", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TimeUp_NoSampleForLongerThanTheGap_IsUnhealthyNeverHealthy()
    {
        var watch = this.Started();
        watch.Observe(this.Signal(SignalKind.Succeeded), Cleared.AddMinutes(2));
        watch.Observe(this.Sample(errorRate: 0), Cleared.AddMinutes(2));

        Assert.Equal(Cleared.AddMinutes(4), watch.NextDeadline);
        Assert.Null(watch.TimeUp(Cleared.AddMinutes(3)));
        WatchDecision decision = watch.TimeUp(Cleared.AddMinutes(4))!;

        Assert.Equal((StageOutcomes.Unhealthy, HealthRules.MissingSamples), (decision.Outcome, decision.Rule));
    }

    [Fact]
    public void Observe_SampleArrivingAfterTheGap_DecidesMissingSamplesAndIsKeptInTheRecord()
    {
        var watch = this.Started();
        DeploymentSignal late = this.Sample(errorRate: 0);

        WatchDecision decision = watch.Observe(late, Cleared.AddMinutes(4))!;

        Assert.Equal(HealthRules.MissingSamples, decision.Rule);
        Assert.Contains(watch.Record().Signals, s => s.EventId == late.EventId);
    }

    [Fact]
    public void TimeUp_NoSampleAtAllAfterStart_IsMissingSamples()
    {
        var watch = this.Started();

        WatchDecision decision = watch.TimeUp(watch.NextDeadline)!;

        Assert.Equal(HealthRules.MissingSamples, decision.Rule);
    }

    [Fact]
    public void TimeUp_BakeEndedWithoutSucceeded_IsUnhealthyDeploymentNotCompleted()
    {
        var watch = this.Started();
        for (int minute = 2; minute <= 11; minute++)
        {
            watch.Observe(this.Sample(errorRate: 0), Cleared.AddMinutes(minute));
        }

        WatchDecision decision = watch.TimeUp(Cleared.AddMinutes(11))!;

        Assert.Equal(HealthRules.DeploymentNotCompleted, decision.Rule);
    }

    [Fact]
    public void Observe_FiredSev1Alert_IsUnhealthyByAlert_ButSev3IsNot()
    {
        var watch = this.Started();

        Assert.Null(watch.Observe(this.Alert("Sev3", fired: true), Cleared.AddMinutes(2)));
        Assert.Null(watch.Observe(this.Alert("Sev1", fired: false), Cleared.AddMinutes(2)));
        WatchDecision decision = watch.Observe(this.Alert("Sev1", fired: true), Cleared.AddMinutes(2.5))!;

        Assert.Equal(HealthRules.Alert, decision.Rule);
    }

    [Fact]
    public void Observe_ManualRollback_OnlyFromAVerifiedOwnerDecides()
    {
        var watch = this.Started();

        Assert.Null(watch.Observe(this.Signal(SignalKind.ManualRollback), Cleared.AddMinutes(2)));
        WatchDecision decision = watch.Observe(this.Signal(SignalKind.ManualRollback) with { Person = "bob", Reason = "checkout errors" }, Cleared.AddMinutes(2.5))!;

        Assert.Equal(HealthRules.ManualRollback, decision.Rule);
        Assert.Contains("bob", decision.Reason, StringComparison.Ordinal);
        Assert.Contains("checkout errors", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Observe_FailedBeforeStart_RollsBack_AndOwnerStopBeforeStartIsNotDeployed()
    {
        var failed = new DeploymentWatch(Plan, Cleared);
        Assert.Equal(HealthRules.DeploymentFailed, failed.Observe(this.Signal(SignalKind.Failed), Cleared.AddMinutes(1))!.Rule);

        var stopped = new DeploymentWatch(Plan, Cleared);
        Assert.Equal(StageOutcomes.NotDeployed, stopped.Observe(this.Signal(SignalKind.ManualRollback) with { Person = "bob" }, Cleared.AddMinutes(1))!.Outcome);
    }

    [Fact]
    public void Observe_SameEventTwice_CountsOnce()
    {
        var watch = this.Started();
        DeploymentSignal bad = this.Sample(errorRate: 50);

        watch.Observe(bad, Cleared.AddMinutes(2));
        watch.Observe(bad, Cleared.AddMinutes(2));
        watch.Observe(bad, Cleared.AddMinutes(2));

        Assert.Null(watch.Decision);
        Assert.Equal(2, watch.Record().Signals.Count);
    }

    [Fact]
    public void Observe_SamplesBeforeStart_AreKeptButNotJudged()
    {
        var watch = new DeploymentWatch(Plan, Cleared);
        for (int i = 0; i < 5; i++)
        {
            Assert.Null(watch.Observe(this.Sample(errorRate: 90), Cleared.AddSeconds(i)));
        }

        watch.Observe(this.Signal(SignalKind.Started), Cleared.AddMinutes(1));

        Assert.Null(watch.Decision);
        Assert.True(watch.Record().Verdict!.Healthy);
        Assert.Equal(6, watch.Record().Signals.Count);
    }

    [Theory]
    [InlineData(3, 2)]
    [InlineData(120, 12)]
    [InlineData(3600, 30)]
    public void Grace_IsATenthOfTheGapBetweenTwoAndThirtySeconds(int gapSeconds, int graceSeconds)
    {
        var watch = new DeploymentWatch(Plan with { MaxSampleGap = TimeSpan.FromSeconds(gapSeconds) }, Cleared);

        Assert.Equal(TimeSpan.FromSeconds(graceSeconds), watch.Grace);
    }

    private DeploymentWatch Started()
    {
        var watch = new DeploymentWatch(Plan, Cleared);
        watch.Observe(this.Signal(SignalKind.Started), Cleared.AddMinutes(1));
        return watch;
    }

    private DeploymentSignal Signal(SignalKind kind) =>
        new(kind, "evt-" + this.nextId++, kind.ToString(), "test", new DateTimeOffset(Cleared));

    private DeploymentSignal Sample(double errorRate)
    {
        DeploymentSignal signal = this.Signal(SignalKind.HealthSample);
        return signal with { Sample = new HealthSample(signal.EventId, signal.ReceivedAt, null, null, 1000, null, errorRate, 200, 5, 0) };
    }

    private DeploymentSignal Alert(string severity, bool fired) =>
        this.Signal(fired ? SignalKind.AlertFired : SignalKind.AlertResolved) with
        {
            Alert = new AzureMonitorAlert("alert-" + this.nextId, "http5xx", severity, fired, [], [], new Dictionary<string, string>(), null, null, null),
        };
}
