namespace ReleasePolicy.Approvals.Tokens;

/// <summary>The result of checking a link token's form, signature and expiry (not its single use, not the approver).</summary>
public sealed record LinkTokenCheck(ApprovalLinkClaims? Claims, LinkTokenFailure? Failure, string? Reason)
{
    public bool IsValid => this.Claims is not null && this.Failure is null;

    public static LinkTokenCheck Valid(ApprovalLinkClaims claims) => new(claims, null, null);

    public static LinkTokenCheck Invalid(LinkTokenFailure failure, string reason) => new(null, failure, reason);
}

/// <summary>Why a link token was refused, in the order <see cref="ApprovalLinkTokens.Check"/> looks.</summary>
public enum LinkTokenFailure
{
    /// <summary>Not two base64url parts separated by one dot, or not canonical base64url, or a MAC of the wrong size.</summary>
    Malformed,

    /// <summary>The MAC matches neither the current nor the previous signing key.</summary>
    BadSignature,

    /// <summary>Signed by us, but its expiry has passed.</summary>
    Expired,

    /// <summary>Longer than any token we issue; refused before any decoding.</summary>
    TooLong,

    /// <summary>Signed by us, but in a payload version this build does not read.</summary>
    UnsupportedVersion,

    /// <summary>Signed by us, but a field is missing, of the wrong type, or not a safe identifier.</summary>
    InvalidClaims,
}
