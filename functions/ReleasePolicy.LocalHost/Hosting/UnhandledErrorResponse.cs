using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace ReleasePolicy.LocalHost.Hosting;

/// <summary>A server fault as a problem document with a correlation id, never a stack trace or a secret.</summary>
internal static class UnhandledErrorResponse
{
    public static async Task WriteAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        context.Response.ContentType = "application/problem+json";
        var problem = new
        {
            type = "https://httpstatuses.io/500",
            title = "Internal server error",
            status = 500,
            detail = "The service failed to handle the request; it has been logged. Retrying with the same idempotency key is safe.",
            traceId = context.TraceIdentifier,
        };
        await context.Response.WriteAsync(JsonSerializer.Serialize(problem)).ConfigureAwait(false);
    }
}
