using System.Buffers.Text;
using System.Security.Cryptography;

namespace ReleasePolicy.Approvals.Tokens;

/// <summary>
/// The nonce that makes each link token unique: 128 random bits, base64url without padding (22 characters). It is the
/// token's key in the single-use ledger, so it must be unguessable and never reused.
/// </summary>
public static class LinkTokenNonce
{
    public const int Bytes = 16;

    /// <summary>Base64url of 16 bytes without padding.</summary>
    public const int Length = 22;

    /// <summary>A fresh nonce from the OS CSPRNG. Not for orchestrators: call it in an activity.</summary>
    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(Bytes));

    /// <summary>Whether <paramref name="nonce"/> has exactly the shape <see cref="New"/> produces.</summary>
    public static bool IsWellFormed(string? nonce)
    {
        if (nonce is not { Length: Length } || nonce.AsSpan().IndexOfAnyExcept(Base64UrlText.Alphabet) >= 0)
        {
            return false;
        }

        // Canonical only: the last character carries 2 unused bits, which must be zero (else two strings name one nonce).
        return Base64UrlText.TryDecodeCanonical(nonce, out byte[]? bytes) && bytes.Length == Bytes;
    }
}
