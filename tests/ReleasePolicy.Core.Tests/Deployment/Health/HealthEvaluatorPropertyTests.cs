using CsCheck;
using ReleasePolicy.Deployment.Health;
using ReleasePolicy.Deployment.Signals;
using ReleasePolicy.Policy;
using static ReleasePolicy.Core.Tests.Deployment.Health.HealthSamples;

namespace ReleasePolicy.Core.Tests.Deployment.Health;

/// <summary>
/// Random sample sequences on a coarse grid (so values often equal the limit, and figures are often missing or given
/// only as counts): each rule breaches exactly when a plain brute-force reading of the definition says it should.
/// </summary>
public sealed class HealthEvaluatorPropertyTests
{
    // Error rate: 0: missing; 1: sent as a percentage on a half-percent grid; 2: given only as failed of 200 requests.
    private static readonly Gen<HealthSample> SampleGen =
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, 12], Gen.Int[0, 4], Gen.Int[-1, 3])
            .Select((form, rate, latency, checks) => Sample(
                errorRate: form == 1 ? rate * 0.5 : null,
                requests: form == 2 ? 200 : null,
                failed: form == 2 ? rate : null,
                p95: latency == 0 ? null : latency * 400.0,
                checksFailed: checks < 0 ? null : checks));

    private static readonly Gen<HealthThresholds> ThresholdsGen =
        Gen.Select(Gen.Int[0, 8], Gen.Int[1, 4], Gen.Int[1, 4], Gen.Int[1, 4], Gen.Int[1, 6])
            .Select((rate, rateRun, latency, latencyRun, checks) =>
                new HealthThresholds(new ConsecutiveLimit(rate * 0.5, rateRun), new ConsecutiveLimit(latency * 400.0, latencyRun), checks, []));

    [Fact]
    public void Evaluate_BreachesExactlyWhenABruteForceScanFindsTheRun()
    {
        Gen.Select(ThresholdsGen, SampleGen.Array[0, 12]).Sample(
            (thresholds, samples) =>
            {
                HealthVerdict verdict = HealthEvaluator.Evaluate(thresholds, samples, []);

                Assert.Equal(HasRun(samples, ErrorRateByHand, thresholds.ErrorRatePercent!), Check(verdict, HealthRules.ErrorRate).Breached);
                Assert.Equal(HasRun(samples, s => s.P95LatencyMs, thresholds.P95LatencyMs!), Check(verdict, HealthRules.P95Latency).Breached);
                int failed = samples.Where(s => s.HealthChecksFailed > 0).Sum(s => s.HealthChecksFailed!.Value);
                Assert.Equal(failed >= thresholds.FailedHealthChecks, Check(verdict, HealthRules.FailedHealthChecks).Breached);
                Assert.Equal(verdict.Checks.Any(c => c.Breached), !verdict.Healthy);
            },
            iter: 2_000);
    }

    [Fact]
    public void Evaluate_AlertRuleBreachesExactlyWhenAListedSeverityFired()
    {
        Gen<AzureMonitorAlert> alertGen = Gen.Select(Gen.OneOf("Sev0", "Sev1", "sev1", "Sev2", "Sev4"), Gen.Bool)
            .Select((severity, fired) => Alert(severity, fired));
        Gen.Select(Gen.OneOf<string[]>(["Sev0"], ["Sev0", "Sev1"], ["Sev2", "Sev3"]), alertGen.Array[0, 5]).Sample(
            (severities, alerts) =>
            {
                HealthVerdict verdict = HealthEvaluator.Evaluate(new HealthThresholds(null, null, null, severities), [], alerts);

                bool expected = alerts.Any(a => a.Fired && severities.Any(s => string.Equals(s, a.Severity, StringComparison.OrdinalIgnoreCase)));
                Assert.Equal(expected, Check(verdict, HealthRules.Alert).Breached);
            },
            iter: 500);
    }

    [Fact]
    public void Evaluate_AddingASampleWithoutFigures_NeverCreatesABreach()
    {
        Gen.Select(ThresholdsGen, SampleGen.Array[0, 10], Gen.Int[0, 10]).Sample(
            (thresholds, samples, at) =>
            {
                var blank = Sample(index: 99);
                var withBlank = samples.ToList();
                withBlank.Insert(Math.Min(at, samples.Length), blank);

                HealthVerdict before = HealthEvaluator.Evaluate(thresholds, samples, []);
                HealthVerdict after = HealthEvaluator.Evaluate(thresholds, withBlank, []);

                foreach (string rule in new[] { HealthRules.ErrorRate, HealthRules.P95Latency, HealthRules.FailedHealthChecks })
                {
                    Assert.True(!Check(after, rule).Breached || Check(before, rule).Breached, $"{rule} breached only because of a blank sample");
                }
            },
            iter: 1_000);
    }

    private static RuleCheck Check(HealthVerdict verdict, string rule) => verdict.Checks.Single(c => c.Rule == rule);

    /// <summary>The definition, read literally: some window of N adjacent samples that all carry the figure above the limit.</summary>
    private static bool HasRun(IReadOnlyList<HealthSample> samples, Func<HealthSample, double?> read, ConsecutiveLimit limit)
    {
        for (int start = 0; start + limit.Consecutive <= samples.Count; start++)
        {
            bool allAbove = true;
            for (int i = start; i < start + limit.Consecutive; i++)
            {
                allAbove &= read(samples[i]) is { } value && value > limit.Above;
            }

            if (allAbove)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Written independently of the evaluator: the sent figure, else failures as a share of requests.</summary>
    private static double? ErrorRateByHand(HealthSample sample) =>
        sample.ErrorRatePercent ?? (sample.Requests is > 0 && sample.FailedRequests is { } failed ? failed * 100.0 / sample.Requests.Value : null);
}
