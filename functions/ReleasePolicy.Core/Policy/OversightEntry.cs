namespace ReleasePolicy.Policy;

/// <summary>
/// What one approval route means: the tiers that must approve (<see cref="Chain"/>), or, for
/// <see cref="ApprovalRoute.AutoApprove"/>, the release types it may be used for and the rule that allows it.
/// </summary>
/// <param name="AutoApproveAllowedFor">Only meaningful for <see cref="ApprovalRoute.AutoApprove"/>.</param>
public sealed record OversightEntry(ApprovalRoute Route, IReadOnlyList<ReleaseType> AutoApproveAllowedFor)
{
    /// <summary>The route's tiers, in order (empty for <see cref="ApprovalRoute.AutoApprove"/>); named <c>oversight.&lt;route&gt;</c>.</summary>
    public ApprovalChain Chain { get; init; } = ApprovalChain.Empty;

    /// <summary>The policy's words for why auto-approval is allowed, recorded with every automatic approval.</summary>
    public string? AutoApproveRule { get; init; }
}
