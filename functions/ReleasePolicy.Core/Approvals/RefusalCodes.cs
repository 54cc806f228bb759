namespace ReleasePolicy.Approvals;

/// <summary>Stable codes for refused approval answers; problem details and evidence carry them.</summary>
public static class RefusalCodes
{
    public const string SelfApproval = "self-approval";
    public const string ApprovedEarlierTier = "approved-earlier-tier";
    public const string GroupApprover = "group-approver";
    public const string NotAMember = "not-a-member";
    public const string AlreadyAnswered = "already-answered";
    public const string TierClosed = "tier-closed";
    public const string TokenUsed = "token-used";
    public const string WrongApprover = "wrong-approver";
    public const string UnknownApproval = "unknown-approval";
}
