namespace ReleasePolicy.Policy;

/// <summary>
/// Approval rules beyond the per-route oversight: who approves policy changes, and how emergencies are handled.
/// </summary>
/// <param name="PolicyChanges">The tier chain (the Release Policy Council) that must approve a proposed policy version; null: none configured (the parser requires it).</param>
public sealed record ApprovalsPolicy(ApprovalChain? PolicyChanges, EmergencyPolicy? Emergency)
{
    public static ApprovalsPolicy None { get; } = new(null, null);
}

/// <summary>How emergency releases may skip pre-approval and what they owe afterwards.</summary>
/// <param name="SkipPreApprovalFor">Groups or users whose emergency requests skip pre-approval.</param>
/// <param name="PostFactoReview">The review chain an emergency that skipped pre-approval gets after deployment.</param>
/// <param name="RepeatWindow">The window in which repeated emergencies for one service are counted.</param>
/// <param name="RootCauseAnalysisAfter">From this many emergencies in the window, the next release of the service needs an RCA reference to pass readiness.</param>
public sealed record EmergencyPolicy(
    IReadOnlyList<string> SkipPreApprovalFor,
    ApprovalChain PostFactoReview,
    TimeSpan RepeatWindow,
    int RootCauseAnalysisAfter);
