using System.Diagnostics;
using System.Globalization;

namespace ReleasePolicy.Benchmarks.All;

/// <summary>
/// P2: releases submitted at once, each auto-approved and taken through all four stages with zero bake time; the
/// clock runs from the first submission until one list query (<c>GET /api/releases?service=catalog-web</c>, every
/// 750 ms) shows every one of them <c>done</c>. One query per interval, not a client per release: the observation
/// costs the service next to nothing, and the figure is late by at most one interval.
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
        Array.Sort(accept);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"P2: {releases} releases submitted at once: all accepted after {allAccepted.TotalSeconds:F1} s (202 p50 {Percentiles.Of(accept, 0.5):F0} ms, p95 {Percentiles.Of(accept, 0.95):F0} ms), all done after {wall.TotalSeconds:F1} s = {perSecond:F2} releases/s; {queries} list queries, one every {ListEvery.TotalMilliseconds:F0} ms"));
        return
        [
            Figure.AtLeast(
                $"P2 {releases} auto-approved releases at once",
                string.Create(CultureInfo.InvariantCulture, $"{perSecond:F2} releases/s ({wall.TotalSeconds:F1} s)"),
                perSecond,
                10,
                ">= 10 releases/s"),
        ];
    }
}
