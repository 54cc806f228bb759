using System.Diagnostics;
using System.Globalization;
using Azure.Storage.Queues;

namespace ReleasePolicy.Benchmarks.All;

/// <summary>
/// P7: many releases waiting for approval on one host. Fills the host with payments-api patches (route <c>peer</c>,
/// one approver) submitted 16 at a time, until one list query shows every one of them in <c>approval</c> and the task
/// hub's queues hold nothing runnable (every tier opened and mailed); measures the
/// host process's memory (the host runs in this process) and Azurite's data folder before and after, per waiting
/// release; then clicks approve on some of them, spread over the fill order, one at a time while the rest keep waiting.
/// </summary>
internal static class WaitingReleasesBench
{
    private const int InFlight = 16;
    private static readonly TimeSpan ListEvery = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(30);

    public static async Task<IReadOnlyList<Figure>> RunAsync(BenchHost bench, int waiting, int clicks)
    {
        // Settles whatever earlier figures left running before the baseline is taken.
        await Task.Delay(TimeSpan.FromSeconds(5));
        (long workingSetBefore, long heapBefore) = Memory();
        long diskBefore = DirectorySize(bench.AzuriteLocation);
        Dictionary<string, long> partsBefore = SizeByEntry(bench.AzuriteLocation);

        var clock = Stopwatch.StartNew();
        string[] ids = await SubmitAllAsync(bench, waiting, clock);
        TimeSpan submitted = clock.Elapsed;
        await WaitAllInApprovalAsync(bench, ids, clock);
        // In approval is not yet waiting: each release's tier is opened (and mailed) by its approval sub-orchestration,
        // which may still be queued. Waiting means the engine has nothing left to run.
        await WaitEngineIdleAsync(bench, clock);
        await ApprovalLatencyHarness.WaitForApprovalLinkAsync(bench, ids[^1]);
        TimeSpan filled = clock.Elapsed;
        double fillRate = waiting / filled.TotalSeconds;
        // Azurite writes its table and queue state to disk on its own schedule: give it a moment to catch up.
        await Task.Delay(TimeSpan.FromSeconds(10));
        (long workingSetAfter, long heapAfter) = Memory();
        long diskAfter = DirectorySize(bench.AzuriteLocation);
        Dictionary<string, long> partsAfter = SizeByEntry(bench.AzuriteLocation);
        // Which of Azurite's stores grew (blob extents, the table and queue databases): the "why" behind the size.
        Console.WriteLine("P7: Azurite growth by entry: " + string.Join(", ", partsAfter
            .Select(p => (p.Key, Grew: p.Value - partsBefore.GetValueOrDefault(p.Key)))
            .OrderByDescending(p => p.Grew)
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} +{p.Grew / 1048576.0:F1} MB"))));

        var resumed = new List<double>(clicks);
        var answered = new List<double>(clicks);
        for (var i = 0; i < clicks; i++)
        {
            (TimeSpan answer, TimeSpan resume) = await ApprovalLatencyHarness.ClickAsync(bench, ids[(int)((long)i * waiting / clicks)]);
            answered.Add(answer.TotalMilliseconds);
            resumed.Add(resume.TotalMilliseconds);
        }

        double[] sortedResumed = [.. resumed.Order()];
        double p95 = Percentiles.Of(sortedResumed, 0.95);
        string PerRelease(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:F1} MB, {bytes / 1024.0 / waiting:F1} KB/release");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"P7: {waiting} releases submitted ({InFlight} in flight) in {submitted.TotalSeconds:F0} s, all waiting in approval after {filled.TotalSeconds:F0} s ({fillRate:F2}/s); "
            + $"working set {workingSetBefore / 1048576.0:F0} → {workingSetAfter / 1048576.0:F0} MB, GC heap {heapBefore / 1048576.0:F0} → {heapAfter / 1048576.0:F0} MB, Azurite data {diskBefore / 1048576.0:F1} → {diskAfter / 1048576.0:F1} MB; "
            + $"{clicks} clicks: resumed p50 {Percentiles.Of(sortedResumed, 0.5):F0} ms, p95 {p95:F0} ms, max {sortedResumed[^1]:F0} ms"));
        return
        [
            Figure.Reported(
                $"P7 fill: {waiting} releases waiting for approval",
                string.Create(CultureInfo.InvariantCulture, $"{filled.TotalSeconds:F0} s = {fillRate:F2} releases/s ({InFlight} in flight)")),
            Figure.Reported($"P7 host memory (working set) per waiting release", PerRelease(workingSetAfter - workingSetBefore)),
            Figure.Reported($"P7 host memory (GC heap) per waiting release", PerRelease(heapAfter - heapBefore)),
            Figure.Reported($"P7 Azurite on disk per waiting release", PerRelease(diskAfter - diskBefore)),
            Figure.AtMost(
                $"P7 click -> resumed while {waiting} wait (p95)",
                string.Create(CultureInfo.InvariantCulture, $"p50 {Percentiles.Of(sortedResumed, 0.5):F0} ms, p95 {p95:F0} ms ({clicks} clicks)"),
                p95,
                1500,
                "p95 <= 1500 ms"),
        ];
    }

    private static async Task<string[]> SubmitAllAsync(BenchHost bench, int count, Stopwatch clock)
    {
        using var slots = new SemaphoreSlim(InFlight);
        var done = 0;
        var progress = Stopwatch.StartNew();
        return await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await slots.WaitAsync();
            try
            {
                string id = await bench.SubmitAsync(BenchReleases.Peer(DateTimeOffset.UtcNow), $"p7-{i}");
                if (Interlocked.Increment(ref done) % 500 == 0 && progress.Elapsed > ProgressEvery)
                {
                    progress.Restart();
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"P7: {done} of {count} submitted after {clock.Elapsed.TotalSeconds:F0} s"));
                }

                return id;
            }
            finally
            {
                slots.Release();
            }
        }));
    }

    private static async Task WaitAllInApprovalAsync(BenchHost bench, string[] ids, Stopwatch clock)
    {
        var pending = new HashSet<string>(ids, StringComparer.Ordinal);
        TimeSpan deadline = clock.Elapsed + TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(ids.Length * 0.5);
        var progress = Stopwatch.StartNew();
        while (pending.Count > 0)
        {
            if (clock.Elapsed > deadline)
            {
                throw new TimeoutException($"{pending.Count} of {ids.Length} releases not waiting in approval after {clock.Elapsed.TotalSeconds:F0} s.");
            }

            await Task.Delay(ListEvery);
            foreach ((string id, string stage, string status) in await bench.ListAsync("payments-api"))
            {
                if (pending.Contains(id) && stage is not ("readiness" or "approval"))
                {
                    throw new InvalidOperationException($"Release {id} left approval unclicked: {stage} {status}.");
                }

                if (stage == "approval")
                {
                    pending.Remove(id);
                }
            }

            if (progress.Elapsed > ProgressEvery)
            {
                progress.Restart();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"P7: {ids.Length - pending.Count} of {ids.Length} waiting in approval after {clock.Elapsed.TotalSeconds:F0} s"));
            }
        }
    }

    /// <summary>
    /// Until neither of the task hub's queues (its one control queue and the activity queue) has a visible message
    /// three reads in a row, 2 s apart. Timers (approval reminders, timeouts) are invisible messages until they are
    /// due, so waiting releases do not count.
    /// </summary>
    private static async Task WaitEngineIdleAsync(BenchHost bench, Stopwatch clock)
    {
        QueueClient[] queues =
        [
            new(bench.StorageConnectionString, bench.TaskHub.ToLowerInvariant() + "-control-00"),
            new(bench.StorageConnectionString, bench.TaskHub.ToLowerInvariant() + "-workitems"),
        ];
        var quietReads = 0;
        var progress = Stopwatch.StartNew();
        while (quietReads < 3)
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            var visible = 0;
            foreach (QueueClient queue in queues)
            {
                visible += (await queue.PeekMessagesAsync(maxMessages: 32)).Value.Length;
            }

            quietReads = visible == 0 ? quietReads + 1 : 0;
            if (progress.Elapsed > ProgressEvery)
            {
                progress.Restart();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"P7: engine still busy after {clock.Elapsed.TotalSeconds:F0} s ({visible} visible messages peeked)"));
            }
        }
    }

    /// <summary>This process's working set and live GC heap after a full collection (the host runs in this process).</summary>
    private static (long WorkingSet, long Heap) Memory()
    {
        long heap = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        return (process.WorkingSet64, heap);
    }

    private static Dictionary<string, long> SizeByEntry(string folder) =>
        new DirectoryInfo(folder).EnumerateFileSystemInfos().ToDictionary(
            e => e.Name,
            e => e is DirectoryInfo d ? DirectorySize(d.FullName) : ((FileInfo)e).Length,
            StringComparer.Ordinal);

    private static long DirectorySize(string folder) =>
        new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
}
