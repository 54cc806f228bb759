using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using ReleasePolicy.Access;

namespace ReleasePolicy.Functions.Http;

/// <summary>
/// Admits or refuses an HTTP request before its function runs, the same way under the Functions host (through
/// <see cref="AccessMiddleware"/>) and the local host. An admitted caller is kept on the request for the function.
/// </summary>
public sealed partial class HttpDoor(CallerAuthenticator authenticator, ILogger<HttpDoor> logger)
{
    private const string CallerItem = "ReleasePolicy.Caller";

    /// <summary>Null when admitted; otherwise the problem response to send instead of running the function.</summary>
    public IActionResult? Admit(HttpContext context, string functionName)
    {
        ArgumentNullException.ThrowIfNull(context);
        RouteAccess? access = RouteTable.For(functionName);
        if (access is null)
        {
            LogNoRule(logger, functionName);
            return ApiResults.Forbidden($"No access rule is declared for '{functionName}'; it is closed to everyone.");
        }

        HttpRequest request = context.Request;
        var credentials = new PresentedCredentials(
            request.Headers[PresentedCredentials.KeyHeaderName].FirstOrDefault(),
            request.Query[PresentedCredentials.KeyQueryName].FirstOrDefault(),
            request.Headers[PlatformPrincipal.HeaderName].FirstOrDefault());
        AccessDecision decision = authenticator.Decide(credentials, access);
        if (decision.Caller is { } caller)
        {
            context.Items[CallerItem] = caller;
            return null;
        }

        LogRefused(logger, functionName, decision.Status);
        if (decision.Status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = "ApiKey header=\"x-functions-key\"";
            return ApiResults.Problem(StatusCodes.Status401Unauthorized, "Unauthorized", decision.Reason);
        }

        return ApiResults.Forbidden(decision.Reason);
    }

    /// <summary>The caller the door admitted; a function reached without passing the door is a defect, not a guest.</summary>
    public static CallerPrincipal CallerOf(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.HttpContext.Items.TryGetValue(CallerItem, out object? caller) && caller is CallerPrincipal principal
            ? principal
            : throw new InvalidOperationException("The request reached a function without passing the HTTP door.");
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "HTTP function {Function} has no access rule in RouteTable; refused")]
    private static partial void LogNoRule(ILogger logger, string function);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a call to {Function} with {Status}")]
    private static partial void LogRefused(ILogger logger, string function, int status);
}
