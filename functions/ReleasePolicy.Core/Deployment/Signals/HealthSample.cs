namespace ReleasePolicy.Deployment.Signals;

/// <summary>
/// One health sample (<c>ReleasePolicy.Health.Sample</c> data): a window of traffic with its error rate, p95 latency
/// and health checks. Every figure is optional; the evaluation says which rule could not be judged.
/// </summary>
/// <param name="EventId">The event that carried it, so an auditor can find it.</param>
/// <param name="ErrorRatePercent">As sent, or computed from <paramref name="FailedRequests"/> / <paramref name="Requests"/>.</param>
public sealed record HealthSample(
    string EventId,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? WindowStart,
    DateTimeOffset? WindowEnd,
    long? Requests,
    long? FailedRequests,
    double? ErrorRatePercent,
    double? P95LatencyMs,
    int? HealthChecksPassed,
    int? HealthChecksFailed);
