using System.Diagnostics;
using System.Globalization;

namespace ReleasePolicy.Benchmarks.All;

/// <summary>
/// <c>all</c>: every figure of issue 11 item 5 in one run, the timed ones on one backend (one Azurite, one local
/// host with its durable runtime), printed as one table. A missed goal is a row of the table, not a failure: the exit
/// code is nonzero only when a measurement itself broke.
/// Order: the CPU-only figures (P4, P5) before the host starts; then P1, P3′ and P2 on the seeded sample policy; then
/// the peer-quorum-one policy is published for P6 and P7 (it leaves catalog-web's automatic approval as it was), and
/// P7, which leaves thousands of releases waiting, comes last.
/// </summary>
internal static class AllBenchmarks
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        AllOptions options = AllOptions.Parse(args);
        string loadBefore = LoadAverage();
        Console.WriteLine($"all: {options}");
        var figures = new List<Figure>();
        var clock = Stopwatch.StartNew();

        figures.AddRange(CalendarSearchHarness.Figures(options.P4Samples));
        figures.AddRange(EvidenceVerificationHarness.Figures(options.P5Records, 2000));

        await using (BenchHost bench = await BenchHost.StartAsync())
        {
            figures.AddRange(await EngineOverheadBench.RunAsync(bench, options.P1Samples));
            figures.AddRange(await ReadinessVisibleBench.RunAsync(bench, options.P3Samples));
            figures.AddRange(await ThroughputBench.RunAsync(bench, options.P2Releases, "p2"));
            await ApprovalLatencyHarness.PublishPeerQuorumOneAsync(bench);
            (double[] answered, double[] resumed) = await ApprovalLatencyHarness.MeasureAsync(bench, options.P6Clicks, "p6");
            figures.AddRange(ApprovalLatencyHarness.Figures($"P6 approval click -> orchestration resumed ({options.P6Clicks} clicks)", answered, resumed));
            // P7 is by far the longest: the figures so far are printed first, so a run cut short still reports them.
            Console.WriteLine("Figures before P7:");
            Console.WriteLine(FigureTable.Format(figures));
            figures.AddRange(await WaitingReleasesBench.RunAsync(bench, options.P7Waiting, options.P7Clicks));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm}Z, {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1073741824.0:F0} GB RAM, {(options.Quick ? "quick sizes" : "sizes")} {options}, run took {clock.Elapsed.TotalMinutes:F1} min; load average (1/5/15 min) {loadBefore} at the start, {LoadAverage()} at the end"));
        Console.WriteLine(FigureTable.Format(figures));
        return 0;
    }

    /// <summary>The machine's load average (Linux): on shared cores it says how much else ran beside the benchmark.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join('/', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
