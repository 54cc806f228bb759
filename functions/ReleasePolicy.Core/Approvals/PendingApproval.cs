namespace ReleasePolicy.Approvals;

/// <summary>One tier waiting on one person: what <c>GET /api/approvals/pending</c> lists.</summary>
public sealed record PendingApproval(
    string Person,
    string ApprovalId,
    int Tier,
    string TierName,
    string ChainName,
    string Title,
    DateTimeOffset OpenedAt,
    DateTimeOffset Deadline);
