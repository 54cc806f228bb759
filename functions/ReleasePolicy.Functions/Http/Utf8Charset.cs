using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace ReleasePolicy.Functions.Http;

/// <summary>
/// Every text body this API reads is UTF-8. A <c>charset</c> parameter naming anything else is a 415 instead of
/// being decoded as UTF-8 anyway (which would store text the client did not mean). No charset means UTF-8.
/// </summary>
public static class Utf8Charset
{
    /// <summary>The 415 problem for <paramref name="mediaType"/>'s charset, or null when it is absent or UTF-8.</summary>
    public static JsonBodyResult? Refusal(MediaTypeHeaderValue mediaType)
    {
        ArgumentNullException.ThrowIfNull(mediaType);
        string? charset = mediaType.Charset.HasValue ? mediaType.Charset.Value!.Trim('"') : null;
        if (charset is null || string.Equals(charset, "utf-8", StringComparison.OrdinalIgnoreCase)
            || string.Equals(charset, "utf8", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return ApiResults.Problem(
            StatusCodes.Status415UnsupportedMediaType,
            "Unsupported charset",
            "Send the body as UTF-8 (charset=utf-8, or no charset parameter).",
            [new ProblemError("Content-Type", "The charset parameter must be utf-8.")]);
    }
}
