using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace ReleasePolicy.Functions.Http;

/// <summary>
/// The Functions worker's entry to <see cref="HttpDoor"/>: every HTTP-triggered invocation passes it. HTTP functions
/// are <c>Anonymous</c> at the platform level, so this is the only key check, locally and in Azure alike.
/// </summary>
public sealed class AccessMiddleware(HttpDoor door) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        HttpContext? http = context.GetHttpContext();
        if (http is not null)
        {
            IActionResult? refusal = door.Admit(http, context.FunctionDefinition.Name);
            if (refusal is not null)
            {
                // The ASP.NET Core integration executes the invocation's result as the response.
                context.GetInvocationResult().Value = refusal;
                return;
            }
        }

        await next(context).ConfigureAwait(false);
    }
}
