using ReleasePolicy.Benchmarks.All;

namespace ReleasePolicy.Benchmarks;

/// <summary>
/// A timed harness (not BenchmarkDotNet: one run is seconds long and does real I/O): the local host on Azurite takes a
/// burst of well-evidenced, auto-approved releases over HTTP, as pipelines would send them, and this prints how fast
/// they are accepted and how many per second reach <c>done</c>. Completion is observed by one release-list query
/// per interval (<see cref="ThroughputBench"/>), never by polling each release: 100 clients reading at 10 Hz measured
/// the harness's own load more than the service.
/// Run: <c>dotnet run -c Release --project tests/ReleasePolicy.Benchmarks -- throughput [releases]</c>.
/// </summary>
internal static class ReleaseThroughputHarness
{
    public static async Task<int> RunAsync(int releases)
    {
        await using BenchHost bench = await BenchHost.StartAsync();
        await ThroughputBench.RunAsync(bench, 1, "warm-up");
        Console.WriteLine(FigureTable.Format(await ThroughputBench.RunAsync(bench, releases, "throughput")));
        return 0;
    }
}
