using System.Net;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using ReleasePolicy.IntegrationTests.Infrastructure;
using ReleasePolicy.LocalHost.Hosting;

namespace ReleasePolicy.IntegrationTests.Hosting;

/// <summary>
/// The hook the benchmarks use to run a bare orchestration beside the app's: tasks added through it run on the host's
/// own worker and engine, and the app's own orchestrations still run.
/// </summary>
public sealed class ExtraDurableTasksTests
{
    [Fact]
    public async Task AddExtraDurableTasks_OrchestratorAndActivity_RunBesideTheAppsOrchestrations()
    {
        await using InProcessHost host = await InProcessHost.StartAsync(configure: builder => builder.Services.AddExtraDurableTasks(registry =>
        {
            registry.AddOrchestrator(nameof(ExtraEchoOrchestrator), () => new ExtraEchoOrchestrator());
            registry.AddActivity(nameof(ExtraEchoActivity), _ => new ExtraEchoActivity());
        }));
        DurableTaskClient client = host.App.App.Services.GetRequiredService<DurableTaskClient>();

        string id = await client.ScheduleNewOrchestrationInstanceAsync(nameof(ExtraEchoOrchestrator), "ping");
        using var deadline = new CancellationTokenSource(ReleaseApiClient.DefaultDeadline);
        OrchestrationMetadata finished = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, deadline.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, finished.RuntimeStatus);
        Assert.Equal("ping, echoed", finished.ReadOutputAs<string>());
        using HttpResponseMessage submitted = await host.Api.SubmitAsync(ReleaseApiClient.PatchRequest("catalog-web", version: "3.1.1"), TestNames.Unique("extra"));
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        string releaseId = JsonDocument.Parse(await submitted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        await host.Api.WaitForAsync(releaseId, release => release.GetProperty("decisions").EnumerateArray().Any(d => d.GetProperty("stage").GetString() == "readiness"));
    }
}

/// <summary>Calls its one activity: proves an added orchestrator can schedule an added activity.</summary>
internal sealed class ExtraEchoOrchestrator : TaskOrchestrator<string, string>
{
    public override Task<string> RunAsync(TaskOrchestrationContext context, string input)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.CallActivityAsync<string>(nameof(ExtraEchoActivity), input);
    }
}

internal sealed class ExtraEchoActivity : TaskActivity<string, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, string input) => Task.FromResult(input + ", echoed");
}
