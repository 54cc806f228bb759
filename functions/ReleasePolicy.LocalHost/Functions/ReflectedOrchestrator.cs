using System.Text.Json;
using Microsoft.DurableTask;

namespace ReleasePolicy.LocalHost.Functions;

/// <summary>Runs an <c>[OrchestrationTrigger]</c> function as a Durable Task orchestrator.</summary>
internal sealed class ReflectedOrchestrator(FunctionDescriptor function, IServiceProvider services) : ITaskOrchestrator
{
    // The function reads its own input through context.GetInput<T>(), so the raw JSON is kept until it asks.
    public Type InputType => typeof(JsonElement?);

    public Type OutputType => FunctionInvoker.ResultType(function.Method) ?? typeof(object);

    public Task<object?> RunAsync(TaskOrchestrationContext context, object? input)
    {
        object?[] arguments = function.Method.GetParameters()
            .Select(p => ParameterSources.Classify(function, p) switch
            {
                ParameterSource.OrchestrationContext => (object?)new FunctionsOrchestrationContext(context, input as JsonElement?),
                ParameterSource.CancellationToken => CancellationToken.None,
                var source => throw new InvalidOperationException($"{function}: cannot bind '{p.Name}' from {source}."),
            })
            .ToArray();
        return FunctionInvoker.InvokeAsync(function.Method, services, arguments, stayOnContext: true);
    }
}
