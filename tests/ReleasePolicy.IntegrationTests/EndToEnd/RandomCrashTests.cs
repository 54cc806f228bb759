using System.Diagnostics;
using System.Globalization;
using ReleasePolicy.IntegrationTests.EndToEnd.Crash;
using ReleasePolicy.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace ReleasePolicy.IntegrationTests.EndToEnd;

/// <summary>
/// The random-crash suite (issue 11, item 1): one host on Azurite drives <c>CRASH_RELEASES</c> releases (50 by default)
/// along nine mixed paths (auto-approved; approved by a quorum; rejected at readiness; rejected by an approver; approval
/// timed out; rescheduled by an ad-hoc freeze; deployed healthy; rolled back on an error-rate breach; rolled back on
/// missing samples), while the host is SIGKILLed at seeded moments and restarted, once in the middle of a burst of
/// approval clicks. <c>CRASH_SEED</c> replays a plan; without it the seed is random, and printed either way.
/// Checked once everything has ended: each release's outcome, its verified chain and signature, its evidence records
/// once each and in sequence, every used approval link refused a second time, no overlapping booking, and each
/// delivered event id kept once.
/// </summary>
[Collection(CrashCollection.Name)]
public sealed class RandomCrashTests(ITestOutputHelper output)
{
    private static readonly int Releases = int.TryParse(Environment.GetEnvironmentVariable("CRASH_RELEASES"), CultureInfo.InvariantCulture, out int n) && n > 0 ? n : 50;

    /// <summary>The whole run's limit: far above a normal run (about two minutes), so only a stuck release trips it.</summary>
    private static readonly TimeSpan Budget = TimeSpan.FromMinutes(8);

    [Fact]
    public async Task MixedReleases_HostKilledAtSeededMoments_EachEndsAsItsPathSaysWithWholeEvidenceAndNothingTwice()
    {
        int seed = int.TryParse(Environment.GetEnvironmentVariable("CRASH_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int given) ? given : Random.Shared.Next();
        CrashPlan plan = CrashPlan.Create(seed, Releases);
        output.WriteLine($"CRASH_SEED={seed} CRASH_RELEASES={Releases}");
        output.WriteLine("paths: " + string.Join(", ", plan.Releases.GroupBy(r => r.Path).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}")));
        output.WriteLine("planned kills at " + string.Join(", ", plan.Kills.Select(k => k.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s")) + $"; burst kill on release #{plan.BurstRelease} after {plan.BurstKillDelay.TotalMilliseconds:F0} ms");

        HostSettings settings = await HostSettings.CreateAsync() with
        {
            SeedPolicyText = CrashPolicy.Text,
            Extra = new Dictionary<string, string?>
            {
                // A dead host's dequeued messages become visible to the restarted one after this long.
                ["ReleasePolicy:Durable:ActivityVisibilityTimeout"] = "00:00:06",
                ["ReleasePolicy:Durable:ControlQueueVisibilityTimeout"] = "00:00:06",
            },
        };
        var clock = Stopwatch.StartNew();
        void Log(string line) => output.WriteLine(line);
        await using ChaosHost host = await ChaosHost.StartAsync(settings, clock, Log);
        var board = new CrashBoard(host, watchedService: "internal-docs");
        var gate = new ChaosGate();
        var pipeline = new ChaosPipeline(host);
        var scripts = new ReleaseScripts(host, board, gate, pipeline, plan, clock, Log);
        ReleaseRun[] runs = [.. plan.Releases.Select(r => new ReleaseRun(r))];

        using var stop = new CancellationTokenSource();
        Task watching = board.RunAsync(stop.Token);
        Task<string?>[] driving = [.. runs.Select(run => RunAsync(scripts, run, seed))];
        Task<string?[]> all = Task.WhenAll(driving);
        Task killing = KillAsync(host, gate, plan, clock, all);
        await WaitForAllAsync(all, watching, killing, () => $"CRASH_SEED={seed}: not every release ended within {Budget.TotalMinutes} min:\n" + string.Join("\n", runs.Where(r => !board.IsDone(r.Id)).Select(r => $"{r.Planned.Name} {r.Id}: {board.Describe(r.Id)}")));
        string[] stuck = [.. (await all).OfType<string>()];
        await stop.CancelAsync();
        await watching;
        await killing;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{runs.Length} releases ended by {clock.Elapsed.TotalSeconds:F1} s after {host.Kills.Count} kills:"));
        host.Kills.ForEach(output.WriteLine);
        string hostLog = Path.Combine(Path.GetTempPath(), $"crash-suite-{seed}-hosts.log");
        await File.WriteAllTextAsync(hostLog, host.AllOutput);
        output.WriteLine($"every host's output: {hostLog}");
        Assert.True(host.Kills.Count >= Math.Min(4, plan.Kills.Count), $"CRASH_SEED={seed}: only {host.Kills.Count} kills happened before the releases ended.");

        var checks = new CrashChecks(host, seed, Log);
        foreach (ReleaseRun run in runs)
        {
            await checks.ReleaseAsync(run);
        }

        await checks.LinksRefusedAsync(runs);
        await checks.CalendarAsync(runs.Count(r => r.Planned.Path is not (CrashPath.RejectedAtReadiness or CrashPath.RejectedByApprover or CrashPath.ApprovalTimedOut)));
        await checks.EventLedgerAsync(pipeline);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"checks done by {clock.Elapsed.TotalSeconds:F1} s; {pipeline.Sent.Count} events delivered; {runs.Sum(r => r.PostedLinks.Count)} approval clicks."));
        // Script failures and check failures together: one run shows everything that went wrong, each line with the seed.
        Assert.True(
            stuck.Length == 0 && checks.Failures.Count == 0,
            $"CRASH_SEED={seed}: {stuck.Length} release scripts and {checks.Failures.Count} checks failed:\n" + string.Join("\n", [.. stuck, .. checks.Failures]));
        File.Delete(hostLog); // kept only for a failed run, to look a failure's correlation id up in
    }

    /// <summary>
    /// Waits for every release script; fails at once if the board or the killer breaks, or at the budget. The killer
    /// ending normally (it ran out of planned kills) is no reason to stop waiting.
    /// </summary>
    private static async Task WaitForAllAsync(Task all, Task watching, Task killing, Func<string> stuck)
    {
        var pending = new List<Task> { all, watching, killing, Task.Delay(Budget) };
        while (true)
        {
            Task first = await Task.WhenAny(pending);
            if (first == all)
            {
                return;
            }

            Assert.False(first.IsFaulted, $"the board or the killer failed: {first.Exception}");
            Assert.True(first == killing, stuck());
            pending.Remove(first);
        }
    }

    /// <summary>Runs one release's script; a failure comes back as a line naming the release, its path and the seed.</summary>
    private static async Task<string?> RunAsync(ReleaseScripts scripts, ReleaseRun run, int seed)
    {
        try
        {
            await scripts.RunAsync(run);
            return null;
        }
        catch (Exception e) when (e is Xunit.Sdk.XunitException or HttpRequestException or TaskCanceledException or Azure.RequestFailedException)
        {
            return $"CRASH_SEED={seed} {run.Planned.Name} {run.Id}: {e.Message}\n    {await scripts.DescribeAsync(run)}";
        }
    }

    /// <summary>
    /// Each planned kill at its moment (delayed while a quiet lease is held), the host restarted right after and left to
    /// settle; stops once every release has ended.
    /// </summary>
    private static async Task KillAsync(ChaosHost host, ChaosGate gate, CrashPlan plan, Stopwatch clock, Task allDone)
    {
        foreach (TimeSpan at in plan.Kills)
        {
            TimeSpan wait = at - clock.Elapsed;
            if (wait > TimeSpan.Zero && await Task.WhenAny(allDone, Task.Delay(wait)) == allDone)
            {
                return;
            }

            if (allDone.IsCompleted)
            {
                return;
            }

            await gate.ExclusiveAsync(async () =>
            {
                await host.KillAndRestartAsync(string.Create(CultureInfo.InvariantCulture, $"planned for {at.TotalSeconds:F1} s"));
                await Task.Delay(ReleaseScripts.Settle);
            });
        }
    }
}
