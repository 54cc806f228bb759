namespace ReleasePolicy.Approvals.Tokens;

/// <summary>
/// What a signed approval link binds: one approver, one tier of one approval, until an expiry. <see cref="Nonce"/> makes
/// each token unique, and is the key under which its single use is recorded.
/// </summary>
/// <param name="ApprovalId">The approval's id: the release id, or <c>policy-{version}</c> for a policy change.</param>
/// <param name="Tier">The tier's index in its chain (0-based).</param>
/// <param name="Approver">The person's directory id.</param>
public sealed record ApprovalLinkClaims(string ApprovalId, int Tier, string Approver, DateTimeOffset ExpiresAt, string Nonce);
