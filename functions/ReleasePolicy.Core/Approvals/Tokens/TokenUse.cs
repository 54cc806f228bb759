namespace ReleasePolicy.Approvals.Tokens;

/// <summary>
/// The answer of <see cref="ITokenUseLedger.TryUseAsync"/>: either this call's use (<see cref="Won"/>), or the first use
/// someone already made of the token (who, which decision, when), which the page shows instead of a second decision.
/// </summary>
/// <param name="Won">True when this call used the token; false when it had been used before.</param>
/// <param name="Approver">The approver the token was issued to (the person of the first use).</param>
/// <param name="Decision">The decision of the first use.</param>
/// <param name="UsedAt">When the first use happened.</param>
public sealed record TokenUse(bool Won, string Approver, string Decision, DateTimeOffset UsedAt)
{
    /// <summary>
    /// Opaque proof of this call's use (the row's ETag), set only when <see cref="Won"/>. <see cref="ITokenUseLedger.ReleaseAsync"/>
    /// needs it, so a caller can only undo its own use, never a later one.
    /// </summary>
    public string? Receipt { get; init; }
}
