using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace ReleasePolicy.LocalHost.Hosting;

/// <summary>Problem documents written by the host itself (before or around a function), in the API's problem shape.</summary>
internal static class ProblemResponse
{
    public static async Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/problem+json";
        var problem = new
        {
            type = $"https://httpstatuses.io/{status}",
            title,
            status,
            detail,
            traceId = context.TraceIdentifier,
        };
        await context.Response.WriteAsync(JsonSerializer.Serialize(problem)).ConfigureAwait(false);
    }

    /// <summary>
    /// A server fault, with a correlation id and never a stack trace or a secret. A request Kestrel finds malformed
    /// while the app reads it (bad chunked framing, a body cut short) is the client's fault: its own 4xx.
    /// </summary>
    public static Task WriteUnhandledAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Features.Get<IExceptionHandlerFeature>()?.Error is BadHttpRequestException bad)
        {
            return WriteAsync(context, bad.StatusCode, ReasonPhrases.GetReasonPhrase(bad.StatusCode), "The request could not be read: it is malformed or incomplete.");
        }

        return WriteAsync(
            context,
            StatusCodes.Status500InternalServerError,
            "Internal server error",
            "The service failed to handle the request; it has been logged. Retrying with the same idempotency key is safe.");
    }
}
