using ReleasePolicy.Policy;

namespace ReleasePolicy.Readiness;

/// <summary>A request to release <paramref name="Version"/> of <paramref name="Service"/> to <paramref name="Environment"/>.</summary>
/// <param name="ReleaseType">major, minor, patch or emergency (case-insensitive).</param>
/// <param name="RequesterGroups">
/// Groups the requester belongs to, as resolved by the caller's identity provider; RACI entries may name groups.
/// </param>
/// <param name="RecentEmergencies">
/// How many emergency releases of this service the caller found within the policy's
/// <c>approvals.emergency.repeatWindow</c> before this one (this release not counted); drives the rootCauseAnalysis gate.
/// </param>
/// <param name="OwedRootCauseIncidents">
/// The ids of this service's incidents in this environment that still owe a root-cause analysis, as the caller found
/// them (null or empty: none); drives the incidentRootCause gate.
/// </param>
public sealed record ReadinessRequest(
    string Service,
    string Version,
    string Environment,
    string ReleaseType,
    string RequestedBy,
    ReleaseEvidence Evidence,
    IReadOnlyList<string>? RequesterGroups = null,
    int RecentEmergencies = 0,
    IReadOnlyList<string>? OwedRootCauseIncidents = null);
