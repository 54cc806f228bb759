namespace ReleasePolicy.Approvals.Tokens;

/// <summary>Who acted on an Actionable Message, as Microsoft's token says.</summary>
/// <param name="Email">The acting person (the token's <c>sub</c> for mail: their address).</param>
/// <param name="Sender">The <c>sender</c> claim: the mailbox the card came from, when present.</param>
/// <param name="Tid">The <c>tid</c> claim: the person's tenant, when present.</param>
public sealed record ActionableMessageActor(string Email, string? Sender, string? Tid);
