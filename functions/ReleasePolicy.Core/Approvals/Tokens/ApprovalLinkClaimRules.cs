using ReleasePolicy.Access;
using ReleasePolicy.Releases;
using ReleasePolicy.Validation;

namespace ReleasePolicy.Approvals.Tokens;

/// <summary>
/// What a link token may carry. The claims end up in table keys, log values, evidence and an HTML page, so both
/// <see cref="ApprovalLinkTokens.Issue"/> (never sign nonsense) and <see cref="ApprovalLinkTokens.Check"/> (never trust
/// it either, even under a valid MAC) hold them to the same shapes.
/// </summary>
internal static class ApprovalLinkClaimRules
{
    public const string PolicyApprovalPrefix = "policy-";

    /// <summary>Far more tiers than any chain has; bounds what a table key or a page shows.</summary>
    public const int MaxTier = 99;

    /// <summary>Why <paramref name="claims"/> cannot be in a token, or null when they can.</summary>
    public static string? Check(ApprovalLinkClaims claims)
    {
        if (!IsApprovalId(claims.ApprovalId))
        {
            return "The approval id is neither a release id nor a policy version approval.";
        }

        if (claims.Tier is < 0 or > MaxTier)
        {
            return $"The tier must be between 0 and {MaxTier}.";
        }

        if (string.IsNullOrWhiteSpace(claims.Approver)
            || Identifiers.CheckText(claims.Approver, Identifiers.MaxPersonLength) is not null
            || !IdentifierText.IsClean(claims.Approver))
        {
            return "The approver is not a valid person id.";
        }

        if (!LinkTokenNonce.IsWellFormed(claims.Nonce))
        {
            return "The nonce is not 128 bits of base64url.";
        }

        return null;
    }

    /// <summary>A release id (<c>rel-</c> + 32 hex digits) or <c>policy-{version}</c> for a policy change.</summary>
    public static bool IsApprovalId(string? id) =>
        ReleaseIdentity.IsWellFormed(id)
        || (id is not null
            && id.StartsWith(PolicyApprovalPrefix, StringComparison.Ordinal)
            && Identifiers.CheckVersion(id[PolicyApprovalPrefix.Length..]) is null);
}
