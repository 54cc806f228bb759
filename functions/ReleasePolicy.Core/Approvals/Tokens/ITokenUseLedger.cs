namespace ReleasePolicy.Approvals.Tokens;

/// <summary>
/// Makes approval link tokens single-use: the first use of a token wins atomically, every later one learns who used
/// it, how and when. Record the use before delivering the decision; release it if the decision could not be delivered,
/// so the approver can click again.
/// </summary>
public interface ITokenUseLedger
{
    /// <summary>Records the first use of the token <paramref name="claims"/> came from (checked claims only).</summary>
    /// <param name="decision">What the use decided, e.g. <c>approve</c> or <c>reject</c> (1–64 characters, no control characters).</param>
    Task<TokenUse> TryUseAsync(ApprovalLinkClaims claims, string decision, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>
    /// Undoes <paramref name="use"/> (a use this caller won) so the token can be used again. Returns false when the
    /// use is no longer there as made (already released); it never removes another use.
    /// </summary>
    Task<bool> ReleaseAsync(ApprovalLinkClaims claims, TokenUse use, CancellationToken cancellationToken = default);
}
