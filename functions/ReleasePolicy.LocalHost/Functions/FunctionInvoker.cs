using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace ReleasePolicy.LocalHost.Functions;

/// <summary>Calls a <c>[Function]</c> method the way the isolated worker does: a fresh instance per call, awaited result.</summary>
/// <remarks>
/// Orchestrators must resume on the orchestration's own synchronization context (the engine collects their
/// actions there), so they are called with <c>stayOnContext</c>; everything else may resume anywhere.
/// </remarks>
internal static class FunctionInvoker
{
    public static async Task<object?> InvokeAsync(MethodInfo method, IServiceProvider services, object?[] arguments, bool stayOnContext = false)
    {
        object? target = method.IsStatic ? null : ActivatorUtilities.CreateInstance(services, method.DeclaringType!);
        try
        {
            object? returned;
            try
            {
                returned = method.Invoke(target, arguments);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
                throw;
            }

            return await UnwrapAsync(returned, stayOnContext).ConfigureAwait(stayOnContext);
        }
        finally
        {
            switch (target)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync().ConfigureAwait(stayOnContext);
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }

    /// <summary>The value a method produces once awaited: <c>Task&lt;T&gt;</c> and <c>ValueTask&lt;T&gt;</c> give T, plain tasks give null.</summary>
    public static Type? ResultType(MethodInfo method)
    {
        Type type = method.ReturnType;
        if (type == typeof(void) || type == typeof(Task) || type == typeof(ValueTask))
        {
            return null;
        }

        if (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ValueTask<>)))
        {
            return type.GetGenericArguments()[0];
        }

        return type;
    }

    private static async Task<object?> UnwrapAsync(object? returned, bool stayOnContext)
    {
        switch (returned)
        {
            case null:
                return null;
            case Task task:
                await task.ConfigureAwait(stayOnContext);
                Type taskType = task.GetType();
                return taskType.IsGenericType && taskType.GetProperty("Result") is { } result && result.PropertyType.Name != "VoidTaskResult"
                    ? result.GetValue(task)
                    : null;
            case ValueTask valueTask:
                await valueTask.ConfigureAwait(stayOnContext);
                return null;
            default:
                Type type = returned.GetType();
                if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueTask<>))
                {
                    var asTask = (Task)type.GetMethod(nameof(ValueTask<int>.AsTask))!.Invoke(returned, null)!;
                    return await UnwrapAsync(asTask, stayOnContext).ConfigureAwait(stayOnContext);
                }

                return returned;
        }
    }
}
