using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace ReleasePolicy.LocalHost.Functions;

/// <summary>Where a function parameter's value comes from when the local host calls it.</summary>
internal enum ParameterSource
{
    TriggerInput,
    HttpRequest,
    DurableClient,
    RouteValue,
    CancellationToken,
    OrchestrationContext,
    Unbindable,
}

internal static class ParameterSources
{
    /// <summary>
    /// Decides how each parameter is bound. Anything the Functions worker would bind but this host cannot is
    /// reported as <see cref="ParameterSource.Unbindable"/>, so a test fails instead of a call failing at run time.
    /// </summary>
    public static ParameterSource Classify(FunctionDescriptor function, ParameterInfo parameter)
    {
        Type type = parameter.ParameterType;
        if (parameter.GetCustomAttribute<DurableClientAttribute>() is not null)
        {
            return type == typeof(DurableTaskClient) ? ParameterSource.DurableClient : ParameterSource.Unbindable;
        }

        if (type == typeof(CancellationToken))
        {
            return ParameterSource.CancellationToken;
        }

        return function.Trigger switch
        {
            TriggerKind.Http when type == typeof(HttpRequest) && parameter == function.TriggerParameter => ParameterSource.HttpRequest,
            TriggerKind.Http when IsRouteValueType(type) && RouteHasParameter(function, parameter.Name!) => ParameterSource.RouteValue,
            TriggerKind.Orchestration when type == typeof(TaskOrchestrationContext) && parameter == function.TriggerParameter => ParameterSource.OrchestrationContext,
            TriggerKind.Activity when parameter == function.TriggerParameter => ParameterSource.TriggerInput,
            _ => ParameterSource.Unbindable,
        };
    }

    private static bool IsRouteValueType(Type type) => type == typeof(string) || type == typeof(int) || type == typeof(long) || type == typeof(Guid);

    private static bool RouteHasParameter(FunctionDescriptor function, string name) =>
        function.Http?.Route is { } route && route.Contains('{' + name, StringComparison.OrdinalIgnoreCase);
}
