using System.Collections.Concurrent;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using ReleasePolicy.IntegrationTests.Infrastructure;
using ReleasePolicy.LocalHost.Durable;

namespace ReleasePolicy.IntegrationTests.Durable;

/// <summary>
/// Regression tests for the two defects of the gRPC sidecar on the Azure Storage provider that
/// <see cref="SidecarCompatibleOrchestrationService"/> repairs.
/// </summary>
public sealed class SidecarRepairTests
{
    private static readonly ConcurrentDictionary<string, int> ActivityRuns = new(StringComparer.Ordinal);

    [Fact]
    public async Task SubOrchestration_OnAzureStorageProvider_Completes()
    {
        var options = new LocalDurableOptions { TaskHub = TestNames.Unique("hub") };
        await using DurableTestWorker worker = await DurableTestWorker.StartAsync(options, tasks => tasks
            .AddOrchestratorFunc<string, string>("Parent", async (context, name) =>
                await context.CallSubOrchestratorAsync<string>("Child", name, new SubOrchestrationOptions { InstanceId = context.InstanceId + ":child" }))
            .AddOrchestratorFunc<string, string>("Child", async (context, name) => await context.CallActivityAsync<string>("Greet", name))
            .AddActivityFunc<string, string>("Greet", (_, name) => $"hello {name}"));

        string id = await worker.Client.ScheduleNewOrchestrationInstanceAsync("Parent", "release");
        OrchestrationMetadata done = await worker.WaitForCompletionAsync(id, TimeSpan.FromSeconds(60));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("hello release", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task ActivityOutlivingVisibilityTimeout_RunsExactlyOnce_AlsoAfterRestart()
    {
        int runs = await RunSlowActivityThenRestartAsync(repair: true);

        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task ActivityOutlivingVisibilityTimeout_WithoutRepair_RunsMoreThanOnce()
    {
        // Proves the test above can fail: the sidecar alone lets the queue message reappear mid-activity.
        int runs = await RunSlowActivityThenRestartAsync(repair: false);

        Assert.True(runs > 1, $"Expected the unrepaired sidecar to run the activity again, but it ran {runs} time(s).");
    }

    private static async Task<int> RunSlowActivityThenRestartAsync(bool repair)
    {
        var visibility = TimeSpan.FromSeconds(3);
        var options = new LocalDurableOptions
        {
            TaskHub = TestNames.Unique("hub"),
            ActivityVisibilityTimeout = visibility,
            RepairSidecarDefects = repair,
        };
        string key = Guid.NewGuid().ToString("N");
        void Tasks(DurableTaskRegistry tasks) => tasks
            .AddOrchestratorFunc<string, string>("Slow", async (context, k) => await context.CallActivityAsync<string>("SlowStep", k))
            .AddActivityFunc<string, string>("SlowStep", async (_, k) =>
            {
                ActivityRuns.AddOrUpdate(k, 1, (_, n) => n + 1);
                await Task.Delay(visibility * 3);
                return k;
            });

        string id;
        await using (DurableTestWorker first = await DurableTestWorker.StartAsync(options, Tasks))
        {
            id = await first.Client.ScheduleNewOrchestrationInstanceAsync("Slow", key);
            OrchestrationMetadata done = await first.WaitForCompletionAsync(id, TimeSpan.FromSeconds(60));
            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        }

        // Restart on the same hub and give any message that was left behind time to become visible again.
        await using (DurableTestWorker second = await DurableTestWorker.StartAsync(options, Tasks))
        {
            await Task.Delay(visibility * 3);
        }

        return ActivityRuns.GetValueOrDefault(key);
    }
}
