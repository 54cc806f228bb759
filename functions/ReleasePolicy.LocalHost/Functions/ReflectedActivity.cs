using Microsoft.DurableTask;

namespace ReleasePolicy.LocalHost.Functions;

/// <summary>Runs an <c>[ActivityTrigger]</c> function as a Durable Task activity, with the app's services.</summary>
internal sealed class ReflectedActivity(FunctionDescriptor function, IServiceProvider services) : ITaskActivity
{
    public Type InputType => function.TriggerParameter!.ParameterType;

    public Type OutputType => FunctionInvoker.ResultType(function.Method) ?? typeof(object);

    public Task<object?> RunAsync(TaskActivityContext context, object? input)
    {
        object?[] arguments = function.Method.GetParameters()
            .Select(p => ParameterSources.Classify(function, p) switch
            {
                ParameterSource.TriggerInput => input,
                ParameterSource.CancellationToken => CancellationToken.None,
                var source => throw new InvalidOperationException($"{function}: cannot bind '{p.Name}' from {source}."),
            })
            .ToArray();
        return FunctionInvoker.InvokeAsync(function.Method, services, arguments);
    }
}
