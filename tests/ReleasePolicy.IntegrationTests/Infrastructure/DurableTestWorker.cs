using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ReleasePolicy.LocalHost.Durable;

namespace ReleasePolicy.IntegrationTests.Infrastructure;

/// <summary>
/// The local durable runtime (Azure Storage provider on Azurite, behind the sidecar) with a worker for a test's
/// own orchestrators and activities. Disposing it is a restart point: a new one on the same hub resumes the work.
/// </summary>
internal sealed class DurableTestWorker : IAsyncDisposable
{
    private readonly LocalDurableRuntime runtime;
    private readonly IHost host;

    private DurableTestWorker(LocalDurableRuntime runtime, IHost host)
    {
        this.runtime = runtime;
        this.host = host;
        this.Client = host.Services.GetRequiredService<DurableTaskClient>();
    }

    public DurableTaskClient Client { get; }

    public static async Task<DurableTestWorker> StartAsync(LocalDurableOptions options, Action<DurableTaskRegistry> tasks)
    {
        string connectionString = await TestStorage.GetConnectionStringAsync();
        ILoggerFactory logging = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning));
        LocalDurableRuntime runtime = await LocalDurableRuntime.StartAsync(connectionString, options, logging);
        IHost host = Host.CreateDefaultBuilder()
            .ConfigureLogging(b => b.ClearProviders())
            .ConfigureServices(services =>
            {
                services.AddDurableTaskWorker(worker =>
                {
                    worker.AddTasks(tasks);
                    worker.UseGrpc(runtime.Channel);
                });
                services.AddDurableTaskClient(client =>
                {
                    client.UseGrpc(runtime.Channel);
                    client.RegisterDirectly();
                });
            })
            .Build();
        await host.StartAsync();
        return new DurableTestWorker(runtime, host);
    }

    public async Task<OrchestrationMetadata> WaitForCompletionAsync(string instanceId, TimeSpan deadline)
    {
        DateTime stopAt = DateTime.UtcNow + deadline;
        OrchestrationMetadata? last = null;
        while (DateTime.UtcNow < stopAt)
        {
            last = await this.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true);
            if (last is { IsCompleted: true })
            {
                return last;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"Instance {instanceId} did not complete within {deadline}; last status {last?.RuntimeStatus}.");
        return last!;
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await this.host.StopAsync(stop.Token);
        this.host.Dispose();
        await this.runtime.DisposeAsync();
    }
}
