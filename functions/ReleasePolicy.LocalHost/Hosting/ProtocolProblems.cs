using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;

namespace ReleasePolicy.LocalHost.Hosting;

/// <summary>
/// Makes the host's own 4xx answers problem+json like the API's: unknown routes (404), wrong methods (405), a request
/// target that is too long (414) and headers that are too large (431).
/// Kestrel answers 414 and 431 itself with an empty body, so its limits are raised above ours
/// (<see cref="KestrelRequestLineBytes"/>, <see cref="KestrelHeaderBytes"/>, <see cref="KestrelHeaderCount"/>) and
/// ours (<see cref="MaxRequestTargetBytes"/>, <see cref="MaxHeaderBytes"/>, <see cref="MaxHeaderCount"/>) are
/// enforced here with a problem document. Beyond Kestrel's limits, and for requests Kestrel cannot parse at all
/// (malformed request line or headers, bad chunked framing before the app runs), Kestrel's own empty 400/414/431 remain.
/// </summary>
internal static class ProtocolProblems
{
    /// <summary>Path and query as sent (the request target), in bytes.</summary>
    public const int MaxRequestTargetBytes = 8 * 1024;

    /// <summary>All header names and values together, in bytes.</summary>
    public const int MaxHeaderBytes = 32 * 1024;

    public const int MaxHeaderCount = 100;

    public const int KestrelRequestLineBytes = 64 * 1024;
    public const int KestrelHeaderBytes = 128 * 1024;
    public const int KestrelHeaderCount = 400;

    /// <summary>Raises Kestrel's limits so that requests between ours and Kestrel's reach the middleware.</summary>
    public static void RaiseServerLimits(IWebHostBuilder webHost) => webHost.ConfigureKestrel(kestrel =>
    {
        kestrel.Limits.MaxRequestLineSize = KestrelRequestLineBytes;
        kestrel.Limits.MaxRequestHeadersTotalSize = KestrelHeaderBytes;
        kestrel.Limits.MaxRequestHeaderCount = KestrelHeaderCount;
    });

    /// <summary>Our limits first, then a problem document for every empty 4xx/5xx (404, 405…) produced further on.</summary>
    public static void Use(IApplicationBuilder app)
    {
        app.Use(EnforceLimitsAsync);
        app.UseStatusCodePages(context => DescribeAsync(context.HttpContext));
    }

    private static Task EnforceLimitsAsync(HttpContext context, RequestDelegate next)
    {
        string target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path + context.Request.QueryString;
        if (target.Length > MaxRequestTargetBytes)
        {
            return ProblemResponse.WriteAsync(
                context,
                StatusCodes.Status414UriTooLong,
                "URI too long",
                Invariant($"The path and query must be at most {MaxRequestTargetBytes} bytes (got {target.Length})."));
        }

        long headerBytes = 0;
        foreach ((string name, Microsoft.Extensions.Primitives.StringValues values) in context.Request.Headers)
        {
            headerBytes += name.Length;
            foreach (string? value in values)
            {
                headerBytes += value?.Length ?? 0;
            }
        }

        if (context.Request.Headers.Count > MaxHeaderCount || headerBytes > MaxHeaderBytes)
        {
            return ProblemResponse.WriteAsync(
                context,
                StatusCodes.Status431RequestHeaderFieldsTooLarge,
                "Request header fields too large",
                Invariant($"Send at most {MaxHeaderCount} headers of at most {MaxHeaderBytes} bytes together (got {context.Request.Headers.Count} headers, {headerBytes} bytes)."));
        }

        return next(context);
    }

    private static Task DescribeAsync(HttpContext context)
    {
        int status = context.Response.StatusCode;
        string title = ReasonPhrases.GetReasonPhrase(status);
        string detail = status switch
        {
            StatusCodes.Status404NotFound => "No API route matches this path. Routes are under /api; see the README's API table.",
            StatusCodes.Status405MethodNotAllowed => $"This route does not accept {context.Request.Method}; allowed: {context.Response.Headers.Allow}.",
            _ => title,
        };
        return ProblemResponse.WriteAsync(context, status, title, detail);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
