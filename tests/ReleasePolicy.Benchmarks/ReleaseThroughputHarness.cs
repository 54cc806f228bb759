using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ReleasePolicy.Testing;

namespace ReleasePolicy.Benchmarks;

/// <summary>
/// A timed harness (not BenchmarkDotNet: one run is seconds long and does real I/O): the local host on Azurite takes a
/// burst of well-evidenced releases over HTTP, as pipelines would send them, and this prints how fast they are
/// accepted and how long each takes to reach <c>done</c>, with the ratios between them.
/// The releases are low-risk catalog-web patches to staging by dave, which the sample policy approves automatically
/// (rule recorded): this measures the engine's throughput through all four stages, not how fast people click. The
/// click-to-resume latency of human approvals is its own harness (<see cref="ApprovalLatencyHarness"/>).
/// Run: <c>dotnet run -c Release --project tests/ReleasePolicy.Benchmarks -- throughput [releases]</c>.
/// </summary>
internal static class ReleaseThroughputHarness
{
    public static async Task<int> RunAsync(int releases)
    {
        await using BenchHost bench = await BenchHost.StartAsync();

        await RunOneAsync(bench, "warm-up");
        var clock = Stopwatch.StartNew();
        (TimeSpan Accept, TimeSpan Done)[] timings = await Task.WhenAll(Enumerable.Range(0, releases).Select(i => RunOneAsync(bench, $"bench-{i}")));
        TimeSpan wall = clock.Elapsed;

        double[] accept = timings.Select(t => t.Accept.TotalMilliseconds).Order().ToArray();
        double[] done = timings.Select(t => t.Done.TotalMilliseconds).Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"releases: {releases} auto-approved catalog-web patches submitted at once, all done in {wall.TotalSeconds:F1} s ({releases / wall.TotalSeconds:F1} releases/s end to end)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"accept (202) latency: p50 {Percentiles.Of(accept, 0.5):F0} ms, p95 {Percentiles.Of(accept, 0.95):F0} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"submit-to-done latency: p50 {Percentiles.Of(done, 0.5):F0} ms, p95 {Percentiles.Of(done, 0.95):F0} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratios: done/accept at p50 {Percentiles.Of(done, 0.5) / Percentiles.Of(accept, 0.5):F1}x, p95/p50 of done {Percentiles.Of(done, 0.95) / Percentiles.Of(done, 0.5):F2}x"));
        return 0;
    }

    private static async Task<(TimeSpan Accept, TimeSpan Done)> RunOneAsync(BenchHost bench, string key)
    {
        var clock = Stopwatch.StartNew();
        string id = await bench.SubmitAsync(Release(DateTimeOffset.UtcNow), key);
        TimeSpan acceptedAfter = clock.Elapsed;
        while (true)
        {
            JsonElement release = await bench.GetReleaseAsync(id);
            if (release.GetProperty("stage").GetString() == "done")
            {
                TimeSpan doneAfter = clock.Elapsed;
                return release.GetProperty("status").GetString() == "succeeded" && ApprovedAutomatically(release)
                    ? (acceptedAfter, doneAfter)
                    : throw new InvalidOperationException($"Release ended {release.GetProperty("status").GetString()} (expected succeeded, approved automatically): {release.GetRawText()}");
            }

            if (clock.Elapsed > TimeSpan.FromMinutes(5))
            {
                throw new TimeoutException($"Release {id} not done after 5 minutes.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The harness measures the engine alone: a release that waited for people would measure nothing useful.</summary>
    private static bool ApprovedAutomatically(JsonElement release) =>
        release.GetProperty("decisions").EnumerateArray()
            .Any(d => d.GetProperty("stage").GetString() == "approval"
                && d.GetProperty("details").TryGetProperty("basis", out JsonElement basis) && basis.GetString() == "automatic");

    /// <summary>A release the sample policy approves without people: a low-risk patch to staging by catalog-web's initiator.</summary>
    private static object Release(DateTimeOffset now) => new
    {
        service = "catalog-web",
        version = "3.1.1",
        environment = "staging",
        type = "patch",
        requestedBy = "dave",
        changeSummary = "Benchmark release",
        evidence = SampleRelease.EvidenceJson(now),
    };
}
