using System.Buffers.Text;
using System.Security.Cryptography;

namespace ReleasePolicy.Approvals.Tokens;

/// <summary>
/// Signed approval links: <c>base64url(payload) "." base64url(HMAC-SHA256(key, payload))</c>, no padding, so a token is
/// one URL path segment. The MAC covers the exact payload bytes and is compared in constant time. Checking goes from
/// the cheapest refusal to the most specific one: size, form, MAC, expiry, then the claims themselves. Nothing about a
/// refused token is echoed back: each reason is a fixed sentence safe to show on a page.
/// </summary>
/// <remarks>Expiry is kept at whole seconds (the payload holds Unix seconds); sub-second parts are dropped on issue.</remarks>
public sealed class ApprovalLinkTokens
{
    /// <summary>Longer than any token we issue (a policy approval with a 256-character approver is about 560).</summary>
    public const int MaxTokenLength = 1024;

    private const int MacBytes = 32;

    private readonly ApprovalSigningKeys keys;

    public ApprovalLinkTokens(ApprovalSigningKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        this.keys = keys;
    }

    /// <summary>Signs <paramref name="claims"/> with the current key; refuses claims <see cref="Check"/> would refuse.</summary>
    /// <exception cref="ArgumentException">The claims are not valid token claims (see <see cref="LinkTokenFailure.InvalidClaims"/>).</exception>
    public string Issue(ApprovalLinkClaims claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        if (ApprovalLinkClaimRules.Check(claims) is { } problem)
        {
            throw new ArgumentException(problem, nameof(claims));
        }

        byte[] payload = LinkTokenPayload.Write(claims);
        byte[] mac = HMACSHA256.HashData(this.keys.Current, payload);
        string token = Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(mac);
        // A bound we promise to Check must hold for everything we issue.
        return token.Length <= MaxTokenLength
            ? token
            : throw new ArgumentException($"The claims make a token longer than {MaxTokenLength} characters.", nameof(claims));
    }

    /// <summary>Checks form, signature, expiry (against <paramref name="now"/>) and claims; never throws for any input text.</summary>
    public LinkTokenCheck Check(string? token, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(token))
        {
            return LinkTokenCheck.Invalid(LinkTokenFailure.Malformed, "The approval link has no token.");
        }

        if (token.Length > MaxTokenLength)
        {
            return LinkTokenCheck.Invalid(LinkTokenFailure.TooLong, "The approval link's token is longer than any link we send.");
        }

        int dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0
            || token.IndexOf('.', dot + 1) >= 0
            || !Base64UrlText.TryDecodeCanonical(token.AsSpan(0, dot), out byte[]? payload)
            || !Base64UrlText.TryDecodeCanonical(token.AsSpan(dot + 1), out byte[]? mac)
            || mac.Length != MacBytes)
        {
            return LinkTokenCheck.Invalid(LinkTokenFailure.Malformed, "The approval link is damaged: it is not a token we issue. Copy the whole link from the mail.");
        }

        if (!this.MacMatches(payload, mac))
        {
            return LinkTokenCheck.Invalid(LinkTokenFailure.BadSignature, "The approval link's signature is not valid: it was changed or not issued by this service.");
        }

        ApprovalLinkClaims? claims = LinkTokenPayload.Read(payload, out LinkTokenFailure? failure);
        if (claims is null)
        {
            return failure == LinkTokenFailure.UnsupportedVersion
                ? LinkTokenCheck.Invalid(LinkTokenFailure.UnsupportedVersion, "The approval link was issued in a format this service no longer reads. Ask for a new link.")
                : LinkTokenCheck.Invalid(LinkTokenFailure.InvalidClaims, "The approval link's content is not valid.");
        }

        if (now >= claims.ExpiresAt)
        {
            return LinkTokenCheck.Invalid(LinkTokenFailure.Expired, "The approval link has expired.");
        }

        return ApprovalLinkClaimRules.Check(claims) is null
            ? LinkTokenCheck.Valid(claims)
            : LinkTokenCheck.Invalid(LinkTokenFailure.InvalidClaims, "The approval link's content is not valid.");
    }

    private bool MacMatches(byte[] payload, byte[] mac)
    {
        Span<byte> expected = stackalloc byte[MacBytes];
        HMACSHA256.HashData(this.keys.Current, payload, expected);
        if (CryptographicOperations.FixedTimeEquals(expected, mac))
        {
            return true;
        }

        if (this.keys.Previous is null)
        {
            return false;
        }

        HMACSHA256.HashData(this.keys.Previous, payload, expected);
        return CryptographicOperations.FixedTimeEquals(expected, mac);
    }
}
