using ReleasePolicy.Approvals.Tokens;
using ReleasePolicy.LocalHost.Hosting;

namespace ReleasePolicy.IntegrationTests.Approvals.Security;

/// <summary>
/// Mints approval link tokens outside the service, the way an attacker holding (or guessing) a key would: with the
/// local host's documented development key (authentic to the host) or with a key the host has never seen.
/// </summary>
internal static class DevLinkTokens
{
    private static readonly ApprovalLinkTokens DevKey = new(ApprovalSigningKeys.FromBytes(Convert.FromBase64String(LocalDevelopmentDefaults.DevelopmentOnlyApprovalSigningKey)));

    private static readonly ApprovalLinkTokens OtherKey = new(ApprovalSigningKeys.FromBytes(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));

    /// <summary>A token the host accepts as its own (same key), bound to whatever the test says.</summary>
    public static string Mint(string approvalId, int tier, string approver, DateTimeOffset? expiresAt = null) =>
        DevKey.Issue(Claims(approvalId, tier, approver, expiresAt));

    /// <summary>A well-formed token signed with a key that is not the host's.</summary>
    public static string MintWithOtherKey(string approvalId, int tier, string approver) =>
        OtherKey.Issue(Claims(approvalId, tier, approver, null));

    /// <summary>The token a dev outbox link carries (its last path segment).</summary>
    public static string Of(Uri link) => link.Segments[^1];

    /// <summary><paramref name="token"/> with one byte of its MAC flipped (still canonical base64url).</summary>
    public static string WithFlippedMacByte(string token)
    {
        int dot = token.IndexOf('.', StringComparison.Ordinal);
        byte[] mac = System.Buffers.Text.Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
        mac[7] ^= 0x01;
        return token[..(dot + 1)] + System.Buffers.Text.Base64Url.EncodeToString(mac);
    }

    private static ApprovalLinkClaims Claims(string approvalId, int tier, string approver, DateTimeOffset? expiresAt) =>
        new(approvalId, tier, approver, expiresAt ?? DateTimeOffset.UtcNow.AddHours(1), LinkTokenNonce.New());
}
