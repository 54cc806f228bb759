using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace ReleasePolicy.Functions.Http;

/// <summary>The key a caller presented, where the Functions host looks for it: <c>x-functions-key</c>, else <c>code</c>.</summary>
public static class PresentedKey
{
    public static string? From(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? key = request.Headers["x-functions-key"].FirstOrDefault();
        return string.IsNullOrEmpty(key) ? request.Query["code"].FirstOrDefault() : key;
    }

    /// <summary>Constant-time comparison, so response timing reveals nothing about the expected key.</summary>
    public static bool Matches(string? presented, string? expected) =>
        !string.IsNullOrEmpty(presented) && !string.IsNullOrEmpty(expected)
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));
}
