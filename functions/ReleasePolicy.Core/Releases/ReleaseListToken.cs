using System.Buffers.Text;
using System.Text;

namespace ReleasePolicy.Releases;

/// <summary>
/// The continuation token of a release list: the index row key of the last release returned, base64url-encoded so
/// callers treat it as opaque. Listing resumes strictly after it, so paging sees each release once even while new
/// releases arrive (those sort before the cursor and appear on a fresh listing).
/// </summary>
public static class ReleaseListToken
{
    public static string Encode(string rowKey) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(rowKey));

    public static bool TryDecode(string? token, out string rowKey)
    {
        rowKey = string.Empty;
        if (string.IsNullOrEmpty(token) || token.Length > 200)
        {
            return false;
        }

        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(token);
        }
        catch (FormatException)
        {
            return false;
        }

        string decoded = Encoding.UTF8.GetString(bytes);
        if (!ReleaseIndexKeys.IsWellFormed(decoded))
        {
            return false;
        }

        rowKey = decoded;
        return true;
    }
}
