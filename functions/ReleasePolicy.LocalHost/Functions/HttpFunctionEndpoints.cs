using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using ReleasePolicy.Functions.Http;

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
            endpoints.MapMethods(route, methods, context => InvokeAsync(context, function))
                .WithName(function.Name)
                .WithMetadata(function);
        }

        return endpoints;
    }

    private static async Task InvokeAsync(HttpContext context, FunctionDescriptor function)
    {
        // The same door the Functions worker runs as middleware: HTTP functions are Anonymous at the platform level.
        IActionResult? refusal = context.RequestServices.GetRequiredService<HttpDoor>().Admit(context, function.Name);
        if (refusal is not null)
        {
            await ExecuteAsync(context, refusal).ConfigureAwait(false);
            return;
        }

        object?[] arguments = function.Method.GetParameters()
            .Select(p => Bind(context, function, p))
            .ToArray();
        object? result;
        try
        {
            result = await FunctionInvoker.InvokeAsync(function.Method, context.RequestServices, arguments).ConfigureAwait(false);
        }
        catch (Exception ex) when (KnownFailures.ToResult(ex) is { } known)
        {
            result = known;
        }

        switch (result)
        {
            case IActionResult actionResult:
                await ExecuteAsync(context, actionResult).ConfigureAwait(false);
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

    private static Task ExecuteAsync(HttpContext context, IActionResult result) =>
        result.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));

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
}
