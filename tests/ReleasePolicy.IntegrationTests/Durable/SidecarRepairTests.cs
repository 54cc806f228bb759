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
        IReadOnlyList<TimeSpan> runs = await SlowActivity.RunThenRestartAsync(repair: true);

        Assert.True(runs.Count == 1, $"Expected one run, got {runs.Count}, starting at {string.Join(", ", runs)} after the instance was scheduled.");
    }
}

/// <summary>Separate class so that xunit runs it in parallel with the repaired case.</summary>
public sealed class SidecarDefectTests
{
    [Fact]
    public async Task ActivityOutlivingVisibilityTimeout_WithoutRepair_RunsMoreThanOnce()
    {
        // Proves the repaired test can fail: the sidecar alone lets the queue message reappear mid-activity.
        IReadOnlyList<TimeSpan> runs = await SlowActivity.RunThenRestartAsync(repair: false);

        Assert.True(runs.Count > 1, $"Expected the unrepaired sidecar to run the activity again, but it ran {runs.Count} time(s).");
    }
}

/// <summary>An activity three times longer than the work-item visibility timeout, then a restart on the same hub.</summary>
internal static class SlowActivity
{
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<TimeSpan>> Runs = new(StringComparer.Ordinal);

    public static async Task<IReadOnlyList<TimeSpan>> RunThenRestartAsync(bool repair)
    {
        var visibility = TimeSpan.FromSeconds(4);
        var options = new LocalDurableOptions
        {
            TaskHub = TestNames.Unique("hub"),
            ActivityVisibilityTimeout = visibility,
            RepairSidecarDefects = repair,
        };
        string key = Guid.NewGuid().ToString("N");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        void Tasks(DurableTaskRegistry tasks) => tasks
            .AddOrchestratorFunc<string, string>("Slow", async (context, k) => await context.CallActivityAsync<string>("SlowStep", k))
            .AddActivityFunc<string, string>("SlowStep", async (_, k) =>
            {
                Runs.GetOrAdd(k, _ => new ConcurrentQueue<TimeSpan>()).Enqueue(clock.Elapsed);
                await Task.Delay(visibility * 3);
                return k;
            });

        await using (DurableTestWorker first = await DurableTestWorker.StartAsync(options, Tasks))
        {
            clock.Restart();
            string id = await first.Client.ScheduleNewOrchestrationInstanceAsync("Slow", key);
            OrchestrationMetadata done = await first.WaitForCompletionAsync(id, TimeSpan.FromSeconds(90));
            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        }

        // Restart on the same hub and give any message that was left behind time to become visible again.
        await using (DurableTestWorker second = await DurableTestWorker.StartAsync(options, Tasks))
        {
            await Task.Delay(visibility * 2);
        }

        return Runs.TryGetValue(key, out ConcurrentQueue<TimeSpan>? runs) ? runs.ToArray() : [];
    }
}
