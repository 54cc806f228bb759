namespace ReleasePolicy.Policy;

/// <summary>Who signs off on a given approval route and how many of them.</summary>
/// <param name="AutoApproveAllowedFor">Only meaningful for <see cref="ApprovalRoute.AutoApprove"/>.</param>
public sealed record OversightEntry(
    ApprovalRoute Route,
    IReadOnlyList<string> ApproverGroups,
    int Quorum,
    string? SeniorApproverGroup,
    IReadOnlyList<ReleaseType> AutoApproveAllowedFor)
{
    /// <summary>The route's tiers, in order (empty for <see cref="ApprovalRoute.AutoApprove"/>).</summary>
    public ApprovalChain Chain { get; init; } = ApprovalChain.Empty;

    /// <summary>The policy's words for why auto-approval is allowed, recorded with every automatic approval.</summary>
    public string? AutoApproveRule { get; init; }
}
