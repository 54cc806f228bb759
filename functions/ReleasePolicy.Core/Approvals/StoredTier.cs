namespace ReleasePolicy.Approvals;

/// <summary>A tier as read, with the version tag a conditional write must present.</summary>
public sealed record StoredTier(ApprovalTierState State, string ETag);
