using ReleasePolicy.Risk;

namespace ReleasePolicy.Policy;

/// <summary>
/// A validated release policy. Instances come from <see cref="PolicyParser.Parse"/>; the evaluator assumes the
/// invariants that parser enforces (contiguous bands, complete release types, routes backed by oversight).
/// </summary>
public sealed record PolicyDocument(
    string Version,
    string Name,
    PolicyScope Scope,
    ReleaseTypePolicies ReleaseTypes,
    RiskModel Risk,
    IReadOnlyList<ServiceOwnership> Ownership,
    IReadOnlyList<OversightEntry> Oversight,
    IReadOnlyList<ComplianceControl> Controls)
{
    /// <summary>How long each service's evidence is kept (the <c>retention</c> section; seven years when absent).</summary>
    public EvidenceRetention Retention { get; init; } = EvidenceRetention.Default;

    /// <summary>Policy-change approval and the emergency path (the <c>approvals</c> section).</summary>
    public ApprovalsPolicy Approvals { get; init; } = ApprovalsPolicy.None;

    /// <summary>The built-in directory the local host uses instead of a tenant (the <c>directory</c> section).</summary>
    public PolicyDirectory Directory { get; init; } = PolicyDirectory.Empty;

    /// <summary>Deployment windows, freezes, shared resources and scheduling limits (the <c>calendar</c> section).</summary>
    public CalendarPolicy Calendar { get; init; } = CalendarPolicy.Ungoverned;

    /// <summary>How deployments are watched, judged, rolled back and announced (the <c>monitoring</c> section).</summary>
    public MonitoringPolicy Monitoring { get; init; } = MonitoringPolicy.Unmonitored;
}
