using System.Text.Json.Serialization;
using ReleasePolicy.Policy;
using ReleasePolicy.Risk;

namespace ReleasePolicy.Readiness;

[JsonConverter(typeof(JsonStringEnumConverter<ReadinessVerdict>))]
public enum ReadinessVerdict
{
    Ready,
    Rejected,

    /// <summary>Outside the policy's scope and let through because the policy says <c>passThrough</c>.</summary>
    Ungoverned,
}

[JsonConverter(typeof(JsonStringEnumConverter<GateOutcome>))]
public enum GateOutcome
{
    Pass,
    Fail,

    /// <summary>The policy does not require this gate for this release; recorded so the audit shows it was considered.</summary>
    Waived,
}

public sealed record GateResult(string Name, GateOutcome Outcome, string? Measured, string? Threshold, string Reason);

/// <summary>Who must approve this release, derived from its risk level and release type.</summary>
/// <param name="AutoApproveAllowed">The route is auto-approval and the policy allows it for this release type.</param>
public sealed record OversightRequirement(ApprovalRoute Route, bool AutoApproveAllowed)
{
    /// <summary>The tiers that must approve, in order; empty when the route is auto-approval.</summary>
    public ApprovalChain Chain { get; init; } = ApprovalChain.Empty;

    /// <summary>The policy's rule that allows auto-approval (recorded with it), when <see cref="AutoApproveAllowed"/>.</summary>
    public string? AutoApproveRule { get; init; }
}

/// <summary>
/// The outcome of a readiness evaluation. For out-of-scope requests <see cref="Governed"/> is false and the
/// policy-derived parts (risk, gates, oversight, ownership, RTO) are null or empty.
/// </summary>
/// <param name="Reasons">Why the release was rejected (or why it is ungoverned); empty when ready.</param>
public sealed record ReadinessDecision(
    string Service,
    string Version,
    string Environment,
    string ReleaseType,
    string PolicyVersion,
    bool Governed,
    ReadinessVerdict Verdict,
    IReadOnlyList<string> Reasons,
    RiskAssessment? RiskAssessment,
    IReadOnlyList<GateResult> Gates,
    OversightRequirement? Oversight,
    ServiceOwnership? Ownership,
    bool PostFactoReviewRequired,
    TimeSpan? Rto);
