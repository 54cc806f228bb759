using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ReleasePolicy.Functions;
using ReleasePolicy.LocalHost.Functions;
using ReleasePolicy.Releases;

using ReleasePolicy.Policy;

namespace ReleasePolicy.Workflow.Tests;

/// <summary>
/// The release workflow on the in-process durable test host, registered from the Functions assembly through the
/// same reflection host the local runtime uses.
/// </summary>
public sealed class ReleaseOrchestrationTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task ReleaseOrchestrator_PatchRelease_PassesEveryStageAndRecordsEachDecision()
    {
        var store = new InMemoryReleaseStore(TimeProvider.System);
        await using DurableTaskTestHost host = await StartHostAsync(store);
        ReleaseRequest request = SampleRequest();
        string id = ReleaseIdentity.IdFor(request.Service, request.IdempotencyKey);
        await store.TryCreateAsync(ReleaseRecord.Submitted(id, request, DateTimeOffset.UtcNow));

        await host.Client.ScheduleNewOrchestrationInstanceAsync(
            WorkflowNames.ReleaseOrchestrator,
            new ReleaseWorkflowInput(id, request, TimeSpan.FromSeconds(1)),
            new StartOrchestrationOptions(id));
        OrchestrationMetadata done = await WaitForCompletionAsync(host.Client, id);

        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage} {done.FailureDetails?.StackTrace}");
        ReleaseOutcome outcome = done.ReadOutputAs<ReleaseOutcome>()!;
        Assert.Equal(ReleaseStatus.Succeeded, outcome.Status);
        Assert.Equal(
            [ReleaseStage.Readiness, ReleaseStage.Approval, ReleaseStage.Scheduling, ReleaseStage.Deployment],
            outcome.Decisions.Select(d => d.Stage));
        ReleaseRecord record = (await store.GetAsync(id))!;
        Assert.Equal(ReleaseStage.Done, record.Stage);
        Assert.Equal(ReleaseStatus.Succeeded, record.Status);
        Assert.Equal(4, record.Decisions.Count);
    }

    /// <summary>Polls until the instance finishes; on the deadline, fails with where it was stuck.</summary>
    internal static async Task<OrchestrationMetadata> WaitForCompletionAsync(DurableTaskClient client, string id)
    {
        DateTime deadline = DateTime.UtcNow + Deadline;
        OrchestrationMetadata? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await client.GetInstanceAsync(id, getInputsAndOutputs: true);
            if (last is { IsCompleted: true })
            {
                return last;
            }

            await Task.Delay(200);
        }

        OrchestrationMetadata? approval = await client.GetInstanceAsync(id + ":approval", getInputsAndOutputs: true);
        Assert.Fail($"Instance {id} did not finish in {Deadline}: {last?.RuntimeStatus}, custom status {last?.SerializedCustomStatus}; approval: {approval?.RuntimeStatus} {approval?.FailureDetails?.ErrorMessage} {approval?.SerializedOutput}");
        return last!;
    }

    internal static ReleaseRequest SampleRequest(string service = "payments-api") =>
        new(service, "1.4.2", "production", ReleaseType.Patch, "alice@contoso.com", "Fix rounding", "key-" + Guid.NewGuid().ToString("N"), null);

    private static Task<DurableTaskTestHost> StartHostAsync(IReleaseStore store)
    {
        FunctionHostingPlan plan = FunctionHostingPlan.For(typeof(ServiceRegistration).Assembly);
        Assert.Empty(plan.Problems);
        return DurableTaskTestHost.StartAsync(
            registry => registry.AddFunctions(plan),
            new DurableTaskTestHostOptions
            {
                LoggerFactory = Microsoft.Extensions.Logging.LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Debug)),
                ConfigureServices = services =>
                {
                    services.AddSingleton(store);
                    services.AddReleasePolicy(new ConfigurationBuilder().Build());
                },
            });
    }
}
