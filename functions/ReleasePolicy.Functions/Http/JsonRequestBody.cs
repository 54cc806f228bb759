using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using ReleasePolicy.Readiness;
using ReleasePolicy.Validation;

namespace ReleasePolicy.Functions.Http;

/// <summary>
/// The one reader for request bodies. Each check a client mistake deserves a 4xx for: the content type and charset
/// (415), the size limit (413, enforced while reading so that a lying or absent Content-Length cannot get past it),
/// and for JSON the strict checks of <see cref="StrictJson"/> (400: UTF-8, duplicate names, lone surrogates, depth).
/// </summary>
public static class JsonRequestBody
{
    /// <summary>2 MiB: room for the largest evidence the limits allow (see <see cref="EvidenceLimits"/>).</summary>
    public const int MaxBytes = 2 * 1024 * 1024;

    public static async Task<(byte[]? Body, IActionResult? Refusal)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out MediaTypeHeaderValue? mediaType) || !IsJson(mediaType))
        {
            return (null, ApiResults.Problem(
                StatusCodes.Status415UnsupportedMediaType,
                "Unsupported media type",
                "Send the body as application/json.",
                [new ProblemError("Content-Type", "Must be application/json (or a +json type).")]));
        }

        if (Utf8Charset.Refusal(mediaType) is { } charset)
        {
            return (null, charset);
        }

        (byte[]? body, IActionResult? refusal) = await ReadRawAsync(request, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return (null, refusal);
        }

        return StrictJson.Check(body) is { } malformed
            ? (null, ApiResults.ValidationProblem([malformed]))
            : (body, null);
    }

    /// <summary>
    /// Reads a UTF-8 text body (JSON or not) up to the size limit: the caller has checked the media type; the charset
    /// and the UTF-8 itself are checked here.
    /// </summary>
    public static async Task<(byte[]? Body, IActionResult? Refusal)> ReadUtf8TextAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (MediaTypeHeaderValue.TryParse(request.ContentType, out MediaTypeHeaderValue? mediaType) && Utf8Charset.Refusal(mediaType) is { } charset)
        {
            return (null, charset);
        }

        (byte[]? body, IActionResult? refusal) = await ReadRawAsync(request, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return (null, refusal);
        }

        return Utf8Text.FirstInvalidByte(body) is int offset
            ? (null, ApiResults.ValidationProblem([new FieldError("$", $"The body is not valid UTF-8 (first invalid byte at offset {offset}).")]))
            : (body, null);
    }

    private static async Task<(byte[]? Body, IActionResult? Refusal)> ReadRawAsync(HttpRequest request, CancellationToken cancellationToken)
    {
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

    private static bool IsJson(MediaTypeHeaderValue mediaType) =>
        string.Equals(mediaType.MediaType.Value, "application/json", StringComparison.OrdinalIgnoreCase)
        || (mediaType.MediaType.Value?.EndsWith("+json", StringComparison.OrdinalIgnoreCase) ?? false);

    private static JsonBodyResult TooLarge() => ApiResults.Problem(
        StatusCodes.Status413PayloadTooLarge,
        "Payload too large",
        $"The body must be at most {MaxBytes / (1024 * 1024)} MiB.");
}
