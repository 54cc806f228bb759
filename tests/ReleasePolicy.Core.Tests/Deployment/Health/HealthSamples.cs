using ReleasePolicy.Deployment.Signals;

namespace ReleasePolicy.Core.Tests.Deployment.Health;

/// <summary>Health samples and alerts for evaluator tests: only the figures a test names are set.</summary>
internal static class HealthSamples
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

    public static HealthSample Sample(
        double? errorRate = null,
        double? p95 = null,
        long? requests = null,
        long? failed = null,
        int? checksFailed = null,
        int index = 0) =>
        new($"evt-{index}", Start.AddMinutes(index), null, null, requests, failed, errorRate, p95, null, checksFailed);

    /// <summary>Samples carrying only an error rate, in order (null: a sample without the figure).</summary>
    public static HealthSample[] ErrorRates(params double?[] rates) =>
        rates.Select((rate, i) => Sample(errorRate: rate, index: i)).ToArray();

    public static AzureMonitorAlert Alert(string severity, bool fired = true, string rule = "http5xx") =>
        new($"/alerts/{rule}-{severity}", rule, severity, fired, [], [], new Dictionary<string, string>(), Start, null, null);
}
