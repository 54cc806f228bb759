using System.Text.Json;
using Microsoft.AspNetCore.Http;

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

    /// <summary>A server fault, with a correlation id and never a stack trace or a secret.</summary>
    public static Task WriteUnhandledAsync(HttpContext context) => WriteAsync(
        context,
        StatusCodes.Status500InternalServerError,
        "Internal server error",
        "The service failed to handle the request; it has been logged. Retrying with the same idempotency key is safe.");
}
