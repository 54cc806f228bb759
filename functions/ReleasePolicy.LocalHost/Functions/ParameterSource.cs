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
    TimerInfo,
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

        bool isTrigger = IsTriggerParameter(function, parameter);
        return function.Trigger switch
        {
            TriggerKind.Http when type == typeof(HttpRequest) && isTrigger => ParameterSource.HttpRequest,
            TriggerKind.Http when IsRouteValueType(type) && RouteHasParameter(function, parameter.Name!) => ParameterSource.RouteValue,
            TriggerKind.Orchestration when type == typeof(TaskOrchestrationContext) && isTrigger => ParameterSource.OrchestrationContext,
            TriggerKind.Activity when isTrigger => ParameterSource.TriggerInput,
            TriggerKind.Timer when type == typeof(TimerInfo) && isTrigger => ParameterSource.TimerInfo,
            _ => ParameterSource.Unbindable,
        };
    }

    // By position, not by reference: reflection may hand out distinct ParameterInfo objects for the same parameter
    // when several threads ask at once (seen when many hosts start in parallel). Callers always pass a parameter
    // of function.Method, so its position identifies it.
    private static bool IsTriggerParameter(FunctionDescriptor function, ParameterInfo parameter) =>
        function.TriggerParameter is { } trigger && trigger.Position == parameter.Position;

    private static bool IsRouteValueType(Type type) => type == typeof(string) || type == typeof(int) || type == typeof(long) || type == typeof(Guid);

    private static bool RouteHasParameter(FunctionDescriptor function, string name) =>
        function.Http?.Route is { } route && route.Contains('{' + name, StringComparison.OrdinalIgnoreCase);
}
