using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using ReleasePolicy.Approvals.Tokens;

namespace ReleasePolicy.Core.Tests.Approvals.Tokens;

/// <summary>Fixed test keys, claims, and a signer for hand-made payloads (to reach the checks behind the MAC).</summary>
internal static class LinkTokenTestKeys
{
    public static readonly byte[] Current = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    public static readonly byte[] Previous = Enumerable.Range(101, 32).Select(i => (byte)i).ToArray();
    public static readonly byte[] Other = Enumerable.Range(201, 32).Select(i => (byte)i).ToArray();

    public static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    public const string ReleaseId = "rel-0123456789abcdef0123456789abcdef";

    public static ApprovalLinkTokens NewTokens(byte[]? current = null, byte[]? previous = null) =>
        new(ApprovalSigningKeys.FromBytes(current ?? Current, previous ?? default(ReadOnlySpan<byte>)));

    public static ApprovalLinkClaims Claims(string approver = "alice", int tier = 1, string? approvalId = null) =>
        new(approvalId ?? ReleaseId, tier, approver, Now.AddHours(24), "AAECAwQFBgcICQoLDA0ODw");

    /// <summary>A token whose payload is <paramref name="json"/> verbatim, correctly signed with <paramref name="key"/>.</summary>
    public static string SignRaw(string json, byte[]? key = null)
    {
        byte[] payload = Encoding.UTF8.GetBytes(json);
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(HMACSHA256.HashData(key ?? Current, payload));
    }
}
