using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;

namespace ReleasePolicy.Approvals.Tokens;

/// <summary>
/// Strict base64url (RFC 4648 §5, no padding): only the 64 alphabet characters, and only the one spelling the encoder
/// produces. The framework decoder is lenient (it skips whitespace and accepts padding); a token must have exactly one
/// spelling, so that what we log, store and compare is the token itself.
/// </summary>
internal static class Base64UrlText
{
    public static readonly SearchValues<char> Alphabet = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    public static bool TryDecodeCanonical(ReadOnlySpan<char> text, [NotNullWhen(true)] out byte[]? bytes)
    {
        bytes = null;
        if (text.IsEmpty || text.IndexOfAnyExcept(Alphabet) >= 0 || text.Length % 4 == 1)
        {
            return false;
        }

        byte[] decoded = new byte[Base64Url.GetMaxDecodedLength(text.Length)];
        if (Base64Url.DecodeFromChars(text, decoded, out int consumed, out int written) != OperationStatus.Done || consumed != text.Length)
        {
            return false;
        }

        decoded = decoded[..written];
        // Re-encoding must give the same text: this refuses non-zero unused trailing bits.
        if (!text.SequenceEqual(Base64Url.EncodeToString(decoded)))
        {
            return false;
        }

        bytes = decoded;
        return true;
    }
}
