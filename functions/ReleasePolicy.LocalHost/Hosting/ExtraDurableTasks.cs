using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace ReleasePolicy.LocalHost.Hosting;

/// <summary>
/// Lets a test or benchmark assembly register its own orchestrators and activities with the local host's durable
/// worker (call it from the <c>configure</c> callback of <see cref="LocalHostApp.StartAsync"/>), so they run on the
/// same engine, task hub and sidecar as the app's functions, e.g. a bare orchestration to compare the release with.
/// </summary>
public static class ExtraDurableTasks
{
    public static IServiceCollection AddExtraDurableTasks(this IServiceCollection services, Action<DurableTaskRegistry> register)
    {
        ArgumentNullException.ThrowIfNull(register);

        // The local host runs one unnamed worker; adding to the unnamed worker again extends the same registry
        // (the SDK keeps one builder per name), whichever of the two calls comes first.
        return services.AddDurableTaskWorker(worker => worker.AddTasks(register));
    }
}
