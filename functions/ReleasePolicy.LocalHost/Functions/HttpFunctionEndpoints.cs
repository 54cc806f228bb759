using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ReleasePolicy.LocalHost.Hosting;

namespace ReleasePolicy.LocalHost.Functions;

/// <summary>Maps every HTTP-triggered function to an ASP.NET Core route under <c>/api</c>, as the Functions host does.</summary>
internal static class HttpFunctionEndpoints
{
    public const string RoutePrefix = "api";

    public static IEndpointRouteBuilder MapHttpFunctions(this IEndpointRouteBuilder endpoints, FunctionHostingPlan plan)
    {
        foreach (FunctionDescriptor function in plan.Http)
        {
            HttpTriggerAttribute trigger = function.Http!;
            string route = $"/{RoutePrefix}/{(trigger.Route ?? function.Name).TrimStart('/')}";
            string[] methods = (trigger.Methods is { Length: > 0 } declared ? declared : ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
                .Select(m => m.ToUpperInvariant())
                .ToArray();
            endpoints.MapMethods(route, methods, context => InvokeAsync(context, function, trigger.AuthLevel))
                .WithName(function.Name)
                .WithMetadata(function);
        }

        return endpoints;
    }

    private static async Task InvokeAsync(HttpContext context, FunctionDescriptor function, AuthorizationLevel level)
    {
        FunctionKeyOptions keys = context.RequestServices.GetRequiredService<IOptions<FunctionKeyOptions>>().Value;
        if (!FunctionKeyAuthorization.IsAuthorized(context.Request, level, keys))
        {
            await WriteUnauthorizedAsync(context).ConfigureAwait(false);
            return;
        }

        object?[] arguments = function.Method.GetParameters()
            .Select(p => Bind(context, function, p))
            .ToArray();
        object? result = await FunctionInvoker.InvokeAsync(function.Method, context.RequestServices, arguments).ConfigureAwait(false);
        switch (result)
        {
            case IActionResult actionResult:
                await actionResult.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor())).ConfigureAwait(false);
                break;
            case IResult httpResult:
                await httpResult.ExecuteAsync(context).ConfigureAwait(false);
                break;
            case null:
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                break;
            default:
                context.Response.StatusCode = StatusCodes.Status200OK;
                await context.Response.WriteAsJsonAsync(result, result.GetType()).ConfigureAwait(false);
                break;
        }
    }

    private static object? Bind(HttpContext context, FunctionDescriptor function, System.Reflection.ParameterInfo parameter) =>
        ParameterSources.Classify(function, parameter) switch
        {
            ParameterSource.HttpRequest => context.Request,
            ParameterSource.DurableClient => context.RequestServices.GetRequiredService<DurableTaskClient>(),
            ParameterSource.CancellationToken => context.RequestAborted,
            ParameterSource.RouteValue => ConvertRouteValue(context.GetRouteValue(parameter.Name!), parameter.ParameterType),
            var source => throw new InvalidOperationException($"{function}: cannot bind '{parameter.Name}' from {source}."),
        };

    private static object? ConvertRouteValue(object? value, Type type) =>
        value is null ? null : type == typeof(string) ? value.ToString() : Convert.ChangeType(value, type, CultureInfo.InvariantCulture);

    private static Task WriteUnauthorizedAsync(HttpContext context) => ProblemResponse.WriteAsync(
        context,
        StatusCodes.Status401Unauthorized,
        "Unauthorized",
        $"A valid function key is required in the '{FunctionKeyAuthorization.HeaderName}' header or the 'code' query parameter.");
}
