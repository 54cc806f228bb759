using System.Security.Cryptography;
using System.Text;

namespace ReleasePolicy.Policy;

public static class PolicyHash
{
    /// <summary>
    /// Lowercase hex SHA-256 of the UTF-8 text with line endings normalised to LF, so the same policy checked out on
    /// Windows and Linux records the same hash on every release.
    /// </summary>
    public static string Compute(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalised = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalised)));
    }
}
