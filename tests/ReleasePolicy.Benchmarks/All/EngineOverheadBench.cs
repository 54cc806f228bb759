using System.Diagnostics;
using System.Globalization;
using Microsoft.DurableTask;

namespace ReleasePolicy.Benchmarks.All;

/// <summary>
/// P1: an auto-approved release, submit → orchestration completed (with zero bake time the deployment stage's
/// <c>cleared</c> decision is followed at once by completion and close), against a bare orchestration of the same
/// shape on the same engine; and the release's cost in episodes and activities, read from the task hub's history.
/// </summary>
internal static class EngineOverheadBench
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    public static async Task<IReadOnlyList<Figure>> RunAsync(BenchHost bench, int samples)
    {
        // The warm-up release's history gives the shape the bare orchestration copies, whatever the workflow does today.
        string warmUp = (await TimeReleaseAsync(bench, "p1-warm-up")).Id;
        OrchestrationHistory release = await OrchestrationHistory.ReadAsync(bench.StorageConnectionString, bench.TaskHub, warmUp);
        var input = new BareInput(release.Shape);
        string bareWarmUp = (await TimeBareAsync(bench, input)).Id;
        OrchestrationHistory bare = await OrchestrationHistory.ReadAsync(bench.StorageConnectionString, bench.TaskHub, bareWarmUp);

        var releaseTimes = new List<double>(samples);
        var acceptTimes = new List<double>(samples);
        var bareTimes = new List<double>(samples);
        var releaseIds = new List<string>(samples);
        for (var i = 0; i < samples; i++)
        {
            // Interleaved, so drift in what else the machine runs touches both series alike.
            (string id, TimeSpan took, TimeSpan accepted) = await TimeReleaseAsync(bench, $"p1-{i}");
            releaseIds.Add(id);
            acceptTimes.Add(accepted.TotalMilliseconds);
            releaseTimes.Add(took.TotalMilliseconds);
            bareTimes.Add((await TimeBareAsync(bench, input)).Took.TotalMilliseconds);
        }

        foreach (string id in releaseIds.Prepend(warmUp))
        {
            await AutoApproval.EnsureAsync(bench, id);
        }

        double releaseP50 = Percentiles.Of([.. releaseTimes.Order()], 0.5);
        double bareP50 = Percentiles.Of([.. bareTimes.Order()], 0.5);
        double ratio = releaseP50 / bareP50;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"P1: {samples} sequential pairs; release p50 {releaseP50:F0} ms (p95 {Percentiles.Of([.. releaseTimes.Order()], 0.95):F0}; of which the submission's 202 p50 {Percentiles.Of([.. acceptTimes.Order()], 0.5):F0} ms), bare p50 {bareP50:F0} ms (p95 {Percentiles.Of([.. bareTimes.Order()], 0.95):F0}); "
            + $"release history: {release.Episodes} episodes, {release.Activities} activities, {release.Timers} timers, {release.SubOrchestrations} sub-orchestrations; bare: {bare.Episodes} episodes, {bare.Activities} activities, {bare.Timers} timers; "
            + $"activities in order: {string.Join(", ", release.ActivityNames)}"));
        return
        [
            Figure.AtMost(
                "P1 submit -> done, release vs bare orchestration (p50)",
                string.Create(CultureInfo.InvariantCulture, $"{releaseP50:F0} ms vs {bareP50:F0} ms = {ratio:F2}x"),
                ratio,
                1.25,
                "<= 1.25x"),
            Figure.AtMost(
                "P1 episodes per auto-approved release",
                string.Create(CultureInfo.InvariantCulture, $"{release.Episodes} ({release.Activities} activities, {release.Timers} timers; bare: {bare.Episodes} episodes)"),
                release.Episodes,
                6,
                "<= 6"),
        ];
    }

    /// <summary>Submit over HTTP as a pipeline does (the intake schedules the orchestration through the host's client), then wait for completion.</summary>
    private static async Task<(string Id, TimeSpan Took, TimeSpan Accepted)> TimeReleaseAsync(BenchHost bench, string key)
    {
        var clock = Stopwatch.StartNew();
        string id = await bench.SubmitAsync(BenchReleases.AutoApproved(DateTimeOffset.UtcNow), key);
        TimeSpan accepted = clock.Elapsed;
        await InstanceWaiter.WaitCompletedAsync(bench.Client, id, Deadline);
        return (id, clock.Elapsed, accepted);
    }

    /// <summary>Scheduled through the same durable client the intake uses, then waited for the same way as the release.</summary>
    private static async Task<(string Id, TimeSpan Took)> TimeBareAsync(BenchHost bench, BareInput input)
    {
        var clock = Stopwatch.StartNew();
        string id = await bench.Client.ScheduleNewOrchestrationInstanceAsync(BareOrchestration.Name, input, new StartOrchestrationOptions("bare-" + Guid.NewGuid().ToString("N")));
        await InstanceWaiter.WaitCompletedAsync(bench.Client, id, Deadline);
        return (id, clock.Elapsed);
    }
}
