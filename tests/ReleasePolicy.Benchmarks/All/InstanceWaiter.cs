using System.Diagnostics;
using Microsoft.DurableTask.Client;

namespace ReleasePolicy.Benchmarks.All;

/// <summary>
/// Waits for an orchestration instance to finish by reading its status through the host's durable client at a fixed
/// cadence: P1 waits for the release and for the bare orchestration exactly this way, so both are late by the same
/// amount (at most one interval) and the ratio compares the work, not the observation.
/// </summary>
internal static class InstanceWaiter
{
    public static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(25);

    public static async Task WaitCompletedAsync(DurableTaskClient client, string instanceId, TimeSpan deadline)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < deadline)
        {
            OrchestrationMetadata? instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false);
            switch (instance?.RuntimeStatus)
            {
                case OrchestrationRuntimeStatus.Completed:
                    return;
                case OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated:
                    throw new InvalidOperationException($"Instance {instanceId} ended {instance.RuntimeStatus}.");
            }

            await Task.Delay(PollEvery);
        }

        throw new TimeoutException($"Instance {instanceId} not completed after {deadline.TotalSeconds:F0} s.");
    }
}
