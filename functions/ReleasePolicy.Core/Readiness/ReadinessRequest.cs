using ReleasePolicy.Policy;

namespace ReleasePolicy.Readiness;

/// <summary>A request to release <paramref name="Version"/> of <paramref name="Service"/> to <paramref name="Environment"/>.</summary>
/// <param name="ReleaseType">major, minor, patch or emergency (case-insensitive).</param>
/// <param name="RequesterGroups">
/// Groups the requester belongs to, as resolved by the caller's identity provider; RACI entries may name groups.
/// </param>
public sealed record ReadinessRequest(
    string Service,
    string Version,
    string Environment,
    string ReleaseType,
    string RequestedBy,
    ReleaseEvidence Evidence,
    IReadOnlyList<string>? RequesterGroups = null);
