using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace ReleasePolicy.Functions.Http;

/// <summary>
/// Reads a JSON request body with the checks a client mistake deserves a 4xx for: the content type (415) and
/// the size limit (413), enforced while reading so that a lying or absent Content-Length cannot get past it.
/// </summary>
public static class JsonRequestBody
{
    public const int MaxBytes = 256 * 1024;

    public static async Task<(byte[]? Body, IActionResult? Refusal)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IsJson(request.ContentType))
        {
            return (null, ApiResults.Problem(
                StatusCodes.Status415UnsupportedMediaType,
                "Unsupported media type",
                $"Send the body as application/json (got '{request.ContentType ?? "none"}')."));
        }

        return await ReadRawAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads any body up to the size limit; the caller has checked the content type.</summary>
    public static async Task<(byte[]? Body, IActionResult? Refusal)> ReadRawAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > MaxBytes)
        {
            return (null, TooLarge());
        }

        using var buffer = new MemoryStream();
        byte[] chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return (null, TooLarge());
            }

            buffer.Write(chunk, 0, read);
        }

        return (buffer.ToArray(), null);
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out MediaTypeHeaderValue? parsed)
        && (string.Equals(parsed.MediaType.Value, "application/json", StringComparison.OrdinalIgnoreCase)
            || (parsed.MediaType.Value?.EndsWith("+json", StringComparison.OrdinalIgnoreCase) ?? false));

    private static JsonBodyResult TooLarge() => ApiResults.Problem(
        StatusCodes.Status413PayloadTooLarge,
        "Payload too large",
        $"The body must be at most {MaxBytes / 1024} KiB.");
}
