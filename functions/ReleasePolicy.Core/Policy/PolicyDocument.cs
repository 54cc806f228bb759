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
}
