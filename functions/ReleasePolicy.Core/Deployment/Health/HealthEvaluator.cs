using System.Globalization;
using ReleasePolicy.Deployment.Signals;
using ReleasePolicy.Policy;

namespace ReleasePolicy.Deployment.Health;

/// <summary>
/// Judges a deployment's health samples and fired alerts against a profile's thresholds. Pure and deterministic, so
/// the orchestration runs it on every signal and an auditor can run it again on the recorded samples.
/// </summary>
public static class HealthEvaluator
{
    public static HealthVerdict Evaluate(HealthThresholds thresholds, IReadOnlyList<HealthSample> samples, IReadOnlyList<AzureMonitorAlert> firedAlerts)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(firedAlerts);
        var checks = new List<RuleCheck>(4);
        if (thresholds.AlertSeverities.Count > 0)
        {
            checks.Add(CheckAlerts(thresholds.AlertSeverities, firedAlerts));
        }

        if (thresholds.ErrorRatePercent is { } errorRate)
        {
            checks.Add(CheckRun(HealthRules.ErrorRate, "error rate", "%", errorRate, samples, ErrorRate));
        }

        if (thresholds.P95LatencyMs is { } latency)
        {
            checks.Add(CheckRun(HealthRules.P95Latency, "p95 latency", " ms", latency, samples, s => s.P95LatencyMs));
        }

        if (thresholds.FailedHealthChecks is { } failedChecks)
        {
            long failed = samples.Sum(s => (long)Math.Max(0, s.HealthChecksFailed ?? 0));
            checks.Add(new RuleCheck(
                HealthRules.FailedHealthChecks,
                string.Create(CultureInfo.InvariantCulture, $"{failedChecks} or more failed health checks during the watch"),
                string.Create(CultureInfo.InvariantCulture, $"{failed} failed in {samples.Count} sample{(samples.Count == 1 ? string.Empty : "s")}"),
                failed >= failedChecks));
        }

        return new HealthVerdict(checks);
    }

    /// <summary>The sample's error rate as sent, else failed over total requests; null when neither can be read.</summary>
    public static double? ErrorRate(HealthSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (sample.ErrorRatePercent is { } sent)
        {
            return sent;
        }

        return sample is { Requests: > 0, FailedRequests: { } failed } ? 100.0 * failed / sample.Requests.Value : null;
    }

    private static RuleCheck CheckAlerts(IReadOnlyList<string> severities, IReadOnlyList<AzureMonitorAlert> fired)
    {
        AzureMonitorAlert? failing = fired.FirstOrDefault(a => a.Fired && severities.Contains(a.Severity, StringComparer.OrdinalIgnoreCase));
        string threshold = $"any fired alert of severity {string.Join(" or ", severities)}";
        // Resolved alerts may be in the list (they are recorded too): counting them as fired would mislead an auditor.
        int firedCount = fired.Count(a => a.Fired);
        string measured = failing is null
            ? string.Create(CultureInfo.InvariantCulture, $"{firedCount} fired alert{(firedCount == 1 ? string.Empty : "s")}, none of those severities")
            : $"{failing.Severity} alert '{failing.AlertRule}' fired ({failing.AlertId})";
        return new RuleCheck(HealthRules.Alert, threshold, measured, failing is not null);
    }

    /// <summary>
    /// Breached when some run of consecutive samples above the limit reaches the required length. A sample that does not
    /// carry the figure ends a run: it is not evidence that the service was bad, nor that it recovered.
    /// </summary>
    private static RuleCheck CheckRun(string rule, string what, string unit, ConsecutiveLimit limit, IReadOnlyList<HealthSample> samples, Func<HealthSample, double?> read)
    {
        int run = 0, longest = 0, judged = 0;
        double? last = null;
        foreach (HealthSample sample in samples)
        {
            double? value = read(sample);
            if (value is { } v)
            {
                judged++;
                last = v;
            }

            run = value > limit.Above ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        var invariant = CultureInfo.InvariantCulture;
        string threshold = string.Create(invariant, $"{what} above {limit.Above}{unit} in {limit.Consecutive} consecutive sample{(limit.Consecutive == 1 ? string.Empty : "s")}");
        string measured = judged == 0
            ? "no sample carried it"
            : string.Create(invariant, $"longest run above the limit: {longest}; last {last}{unit} ({judged} sample{(judged == 1 ? string.Empty : "s")})");
        return new RuleCheck(rule, threshold, measured, longest >= limit.Consecutive);
    }
}
