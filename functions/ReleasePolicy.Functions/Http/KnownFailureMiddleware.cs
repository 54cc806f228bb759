using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace ReleasePolicy.Functions.Http;

/// <summary>Turns <see cref="KnownFailures"/> thrown by an HTTP function into their problem response.</summary>
public sealed class KnownFailureMiddleware : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (context.GetHttpContext() is not null && KnownFailures.ToResult(ex) is { } result)
        {
            context.GetInvocationResult().Value = result;
        }
    }
}
