using System.Diagnostics;
using System.Globalization;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace ReleasePolicy.Benchmarks.All;

/// <summary>
/// P2: releases submitted at once, each auto-approved and taken through all four stages with zero bake time; the
/// clock runs from the first submission until one list query (<c>GET /api/releases?service=catalog-web</c>, every
/// 750 ms) shows every one of them <c>done</c>. One query per interval, not a client per release: the observation
/// costs the service next to nothing, and the figure is late by at most one interval. Then the same number of bare
/// orchestrations of the release's shape (<see cref="BareOrchestration"/>) are started at once and observed by one
/// instance query per interval: what the engine alone manages here, the ceiling the releases are compared with.
/// </summary>
internal static class ThroughputBench
{
    private static readonly TimeSpan ListEvery = TimeSpan.FromMilliseconds(750);
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(15);

    public static async Task<IReadOnlyList<Figure>> RunAsync(BenchHost bench, int releases, string run)
    {
        var clock = Stopwatch.StartNew();
        var accept = new double[releases];
        string[] ids = await Task.WhenAll(Enumerable.Range(0, releases).Select(async i =>
        {
            long started = Stopwatch.GetTimestamp();
            string id = await bench.SubmitAsync(BenchReleases.AutoApproved(DateTimeOffset.UtcNow), $"{run}-{i}");
            accept[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            return id;
        }));
        TimeSpan allAccepted = clock.Elapsed;

        var waiting = new HashSet<string>(ids, StringComparer.Ordinal);
        var queries = 0;
        while (waiting.Count > 0)
        {
            if (clock.Elapsed > Deadline)
            {
                throw new TimeoutException($"{waiting.Count} of {releases} releases not done after {Deadline.TotalMinutes:F0} minutes.");
            }

            await Task.Delay(ListEvery);
            queries++;
            foreach ((string id, string stage, string status) in await bench.ListAsync("catalog-web"))
            {
                if (stage == "done" && waiting.Remove(id) && status != "succeeded")
                {
                    throw new InvalidOperationException($"Release {id} ended {status}.");
                }
            }
        }

        TimeSpan wall = clock.Elapsed;
        foreach (string id in ids)
        {
            await AutoApproval.EnsureAsync(bench, id);
        }

        double perSecond = releases / wall.TotalSeconds;
        OrchestrationHistory shape = await OrchestrationHistory.ReadAsync(bench.StorageConnectionString, bench.TaskHub, ids[0]);
        double barePerSecond = await RunBareAsync(bench, releases, new BareInput(shape.Shape), run);
        Array.Sort(accept);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"P2: {releases} releases submitted at once: all accepted after {allAccepted.TotalSeconds:F1} s (202 p50 {Percentiles.Of(accept, 0.5):F0} ms, p95 {Percentiles.Of(accept, 0.95):F0} ms), all done after {wall.TotalSeconds:F1} s = {perSecond:F2} releases/s; {queries} list queries, one every {ListEvery.TotalMilliseconds:F0} ms; {releases} bare orchestrations of the same shape ({shape.Episodes} episodes, {shape.Activities} no-op activities) at once: {barePerSecond:F2}/s"));
        return
        [
            Figure.AtLeast(
                $"P2 {releases} auto-approved releases at once",
                string.Create(CultureInfo.InvariantCulture, $"{perSecond:F2} releases/s ({wall.TotalSeconds:F1} s); bare orchestrations {barePerSecond:F2}/s"),
                perSecond,
                10,
                ">= 10 releases/s"),
        ];
    }

    /// <summary>Bare orchestrations started at once through the host's client; returns how many finished per second.</summary>
    private static async Task<double> RunBareAsync(BenchHost bench, int count, BareInput input, string run)
    {
        string prefix = $"bare-{run}-{Guid.NewGuid():N}-";
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, count).Select(i =>
            bench.Client.ScheduleNewOrchestrationInstanceAsync(BareOrchestration.Name, input, new StartOrchestrationOptions(prefix + i.ToString(CultureInfo.InvariantCulture)))));
        while (true)
        {
            if (clock.Elapsed > Deadline)
            {
                throw new TimeoutException($"The {count} bare orchestrations did not all complete in {Deadline.TotalMinutes:F0} minutes.");
            }

            await Task.Delay(ListEvery);
            var query = new OrchestrationQuery { InstanceIdPrefix = prefix, Statuses = [OrchestrationRuntimeStatus.Completed], PageSize = 1000 };
            var completed = 0;
            await foreach (OrchestrationMetadata _ in bench.Client.GetAllInstancesAsync(query))
            {
                completed++;
            }

            if (completed == count)
            {
                return count / clock.Elapsed.TotalSeconds;
            }
        }
    }
}
