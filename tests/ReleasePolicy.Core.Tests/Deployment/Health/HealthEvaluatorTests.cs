using System.Globalization;
using ReleasePolicy.Deployment.Health;
using ReleasePolicy.Deployment.Signals;
using ReleasePolicy.Policy;
using static ReleasePolicy.Core.Tests.Deployment.Health.HealthSamples;

namespace ReleasePolicy.Core.Tests.Deployment.Health;

public sealed class HealthEvaluatorTests
{
    private static readonly HealthThresholds ErrorRateOnly = new(new ConsecutiveLimit(2, 3), null, null, []);

    private static HealthVerdict Evaluate(HealthThresholds thresholds, IReadOnlyList<HealthSample> samples, params AzureMonitorAlert[] alerts) =>
        HealthEvaluator.Evaluate(thresholds, samples, alerts);

    [Fact]
    public void Evaluate_NoRulesSet_HasNoChecksAndIsHealthy()
    {
        HealthVerdict verdict = Evaluate(new HealthThresholds(null, null, null, []), ErrorRates(99, 99, 99), Alert("Sev0"));

        Assert.Empty(verdict.Checks);
        Assert.True(verdict.Healthy);
        Assert.Null(verdict.Breached);
    }

    [Fact]
    public void Evaluate_NoSamplesYet_IsHealthyAndSaysNothingWasJudged()
    {
        HealthVerdict verdict = Evaluate(ErrorRateOnly, []);

        RuleCheck check = Assert.Single(verdict.Checks);
        Assert.False(check.Breached);
        Assert.Equal("no sample carried it", check.Measured);
    }

    [Fact]
    public void Evaluate_ErrorRateAboveLimitInTheRequiredRun_Breaches()
    {
        HealthVerdict verdict = Evaluate(ErrorRateOnly, ErrorRates(0.5, 2.5, 3, 6.05));

        RuleCheck breached = Assert.IsType<RuleCheck>(verdict.Breached);
        Assert.Equal(HealthRules.ErrorRate, breached.Rule);
        Assert.Equal("error rate above 2% in 3 consecutive samples", breached.Threshold);
        Assert.Equal("longest run above the limit: 3; last 6.05% (4 samples)", breached.Measured);
    }

    [Fact]
    public void Evaluate_RunOneShortOfTheLimit_IsHealthy()
    {
        Assert.True(Evaluate(ErrorRateOnly, ErrorRates(5, 5, 1, 5, 5)).Healthy);
    }

    [Fact]
    public void Evaluate_ValueEqualToTheLimit_IsNotAbove()
    {
        Assert.True(Evaluate(ErrorRateOnly, ErrorRates(2, 2, 2, 2)).Healthy);
    }

    [Fact]
    public void Evaluate_SampleWithoutTheFigure_BreaksTheRun()
    {
        HealthVerdict verdict = Evaluate(ErrorRateOnly, ErrorRates(5, 5, null, 5));

        Assert.True(verdict.Healthy);
        Assert.Equal("longest run above the limit: 2; last 5% (3 samples)", verdict.Checks[0].Measured);
    }

    [Fact]
    public void Evaluate_ErrorRateNotSent_IsComputedFromFailedOverRequests()
    {
        HealthSample[] samples = [Sample(requests: 1000, failed: 30), Sample(requests: 200, failed: 5, index: 1), Sample(requests: 400, failed: 12, index: 2)];

        HealthVerdict verdict = Evaluate(ErrorRateOnly, samples);

        Assert.Equal(HealthRules.ErrorRate, verdict.Breached?.Rule);
        Assert.Equal(3.0, HealthEvaluator.ErrorRate(samples[0]));
        Assert.Equal(2.5, HealthEvaluator.ErrorRate(samples[1]));
    }

    [Fact]
    public void ErrorRate_SentFigure_WinsOverTheCounts()
    {
        Assert.Equal(0.1, HealthEvaluator.ErrorRate(Sample(errorRate: 0.1, requests: 10, failed: 10)));
    }

    [Theory]
    [InlineData(0L, 0L)]
    [InlineData(null, 5L)]
    [InlineData(100L, null)]
    public void ErrorRate_NoRequestsOrNoFailures_CannotBeRead(long? requests, long? failed)
    {
        Assert.Null(HealthEvaluator.ErrorRate(Sample(requests: requests, failed: failed)));
    }

    [Fact]
    public void Evaluate_ZeroRequests_BreaksTheRunRatherThanCountingAsHealthyOrFailing()
    {
        HealthSample[] samples = [Sample(errorRate: 9), Sample(requests: 0, failed: 0, index: 1), Sample(errorRate: 9, index: 2), Sample(errorRate: 9, index: 3)];

        Assert.True(Evaluate(ErrorRateOnly, samples).Healthy);
    }

    [Fact]
    public void Evaluate_P95LatencyAboveLimit_BreachesWithItsOwnRule()
    {
        var thresholds = new HealthThresholds(new ConsecutiveLimit(2, 3), new ConsecutiveLimit(800, 2), null, []);
        HealthSample[] samples = [Sample(errorRate: 0.1, p95: 900), Sample(errorRate: 0.1, p95: 1200.5, index: 1)];

        HealthVerdict verdict = Evaluate(thresholds, samples);

        Assert.Equal(HealthRules.P95Latency, verdict.Breached?.Rule);
        Assert.Equal("p95 latency above 800 ms in 2 consecutive samples", verdict.Breached!.Threshold);
        Assert.False(verdict.Checks[0].Breached);
    }

    [Fact]
    public void Evaluate_FailedHealthChecks_AreSummedOverTheWatch()
    {
        var thresholds = new HealthThresholds(null, null, 3, []);
        HealthSample[] below = [Sample(checksFailed: 1), Sample(checksFailed: 0, index: 1), Sample(checksFailed: 1, index: 2), Sample(index: 3)];
        HealthSample[] reached = [.. below, Sample(checksFailed: 1, index: 4)];

        Assert.True(Evaluate(thresholds, below).Healthy);
        RuleCheck check = Assert.IsType<RuleCheck>(Evaluate(thresholds, reached).Breached);
        Assert.Equal(HealthRules.FailedHealthChecks, check.Rule);
        Assert.Equal("3 failed in 5 samples", check.Measured);
    }

    [Fact]
    public void Evaluate_NegativeFailedHealthChecks_DoNotOffsetOthers()
    {
        var thresholds = new HealthThresholds(null, null, 2, []);

        Assert.False(Evaluate(thresholds, [Sample(checksFailed: 2), Sample(checksFailed: -5, index: 1)]).Healthy);
    }

    [Fact]
    public void Evaluate_FiredAlertOfAListedSeverity_Breaches()
    {
        var thresholds = new HealthThresholds(null, null, null, ["Sev0", "Sev1"]);

        HealthVerdict verdict = Evaluate(thresholds, [], Alert("Sev3", rule: "disk"), Alert("Sev1", rule: "checkout-prod-http5xx"));

        Assert.Equal(HealthRules.Alert, verdict.Breached?.Rule);
        Assert.Equal("any fired alert of severity Sev0 or Sev1", verdict.Breached!.Threshold);
        Assert.Contains("'checkout-prod-http5xx'", verdict.Breached.Measured, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_FiredAlertOfAnotherSeverity_IsHealthy()
    {
        var thresholds = new HealthThresholds(null, null, null, ["Sev0", "Sev1"]);

        HealthVerdict verdict = Evaluate(thresholds, [], Alert("Sev2"));

        Assert.True(verdict.Healthy);
        Assert.Equal("1 fired alert, none of those severities", verdict.Checks[0].Measured);
    }

    [Fact]
    public void Evaluate_ResolvedAlertOfAListedSeverity_IsHealthyAndNotCountedAsFired()
    {
        var thresholds = new HealthThresholds(null, null, null, ["Sev0", "Sev1"]);

        HealthVerdict verdict = Evaluate(thresholds, [], Alert("Sev1", fired: false), Alert("Sev3", rule: "disk"));

        Assert.True(verdict.Healthy);
        Assert.Equal("1 fired alert, none of those severities", verdict.Checks[0].Measured);
    }

    [Fact]
    public void Evaluate_AlertSeverity_IgnoresCase()
    {
        Assert.False(Evaluate(new HealthThresholds(null, null, null, ["Sev1"]), [], Alert("sev1")).Healthy);
    }

    [Fact]
    public void Evaluate_SeveralRulesBreached_ChecksEveryRuleAndNamesTheAlertFirst()
    {
        var thresholds = new HealthThresholds(new ConsecutiveLimit(2, 1), new ConsecutiveLimit(800, 1), 1, ["Sev1"]);

        HealthVerdict verdict = Evaluate(thresholds, [Sample(errorRate: 50, p95: 5000, checksFailed: 4)], Alert("Sev1"));

        Assert.Equal([HealthRules.Alert, HealthRules.ErrorRate, HealthRules.P95Latency, HealthRules.FailedHealthChecks], verdict.Checks.Select(c => c.Rule));
        Assert.All(verdict.Checks, c => Assert.True(c.Breached));
        Assert.Equal(HealthRules.Alert, verdict.Breached?.Rule);
    }

    [Fact]
    public void Evaluate_Texts_UseInvariantNumbersWhateverTheCulture()
    {
        CultureInfo previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE");
        try
        {
            HealthVerdict verdict = Evaluate(new HealthThresholds(new ConsecutiveLimit(2.5, 1), null, null, []), ErrorRates(7.25));

            Assert.Equal("error rate above 2.5% in 1 consecutive sample", verdict.Checks[0].Threshold);
            Assert.Equal("longest run above the limit: 1; last 7.25% (1 sample)", verdict.Checks[0].Measured);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Evaluate_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => HealthEvaluator.Evaluate(null!, [], []));
        Assert.Throws<ArgumentNullException>(() => HealthEvaluator.Evaluate(ErrorRateOnly, null!, []));
        Assert.Throws<ArgumentNullException>(() => HealthEvaluator.Evaluate(ErrorRateOnly, [], null!));
    }
}
