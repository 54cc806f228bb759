namespace ReleasePolicy.Approvals.Tokens;

/// <summary>The result of checking a link token's form, signature and expiry (not its single use, not the approver).</summary>
public sealed record LinkTokenCheck(ApprovalLinkClaims? Claims, LinkTokenFailure? Failure, string? Reason)
{
    public bool IsValid => this.Claims is not null && this.Failure is null;

    public static LinkTokenCheck Valid(ApprovalLinkClaims claims) => new(claims, null, null);

    public static LinkTokenCheck Invalid(LinkTokenFailure failure, string reason) => new(null, failure, reason);
}

public enum LinkTokenFailure
{
    Malformed,
    BadSignature,
    Expired,
}
