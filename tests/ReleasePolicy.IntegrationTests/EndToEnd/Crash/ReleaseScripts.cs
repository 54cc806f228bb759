using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReleasePolicy.IntegrationTests.Infrastructure;

namespace ReleasePolicy.IntegrationTests.EndToEnd.Crash;

/// <summary>
/// Plays each release's path the way its pipeline, its approvers and an operator would, against whatever host serves
/// at the moment: submit (idempotent, so a submission that died with the host is sent again safely), click approval
/// links from the outbox, add an ad-hoc freeze, deliver deployment signals; then wait for the release to end.
/// </summary>
internal sealed class ReleaseScripts(ChaosHost host, CrashBoard board, ChaosGate gate, ChaosPipeline pipeline, CrashPlan plan, Stopwatch clock, Action<string> log)
{
    /// <summary>The longest any one step (approval mails, a booking, a clearance, the end) may take, kills included.</summary>
    private static readonly TimeSpan StepDeadline = TimeSpan.FromSeconds(180);

    /// <summary>How far ahead of its submission a freeze-path release asks for its slot.</summary>
    private static readonly TimeSpan FreezeLead = TimeSpan.FromSeconds(20);

    /// <summary>How long the ad-hoc freeze outlasts the slot: longer than a kill and restart, so the check still sees it.</summary>
    private static readonly TimeSpan FreezePastSlot = TimeSpan.FromSeconds(30);

    /// <summary>How long a restarted host is left alone before a watch may start (its queues' visibility timeout and more).</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(8);

    // One freeze-path release per dev service at a time: a second one booked while the first one's freeze stands would
    // be booked after it, never rescheduled.
    private readonly Dictionary<string, SemaphoreSlim> freezeLanes = new(StringComparer.Ordinal)
    {
        ["catalog-web"] = new(1), ["internal-docs"] = new(1), ["payments-api"] = new(1), ["orders-api"] = new(1),
    };

    public async Task RunAsync(ReleaseRun run)
    {
        PlannedRelease planned = run.Planned;
        TimeSpan wait = planned.SubmitAt - clock.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        Task path = planned.Path switch
        {
            CrashPath.RescheduledByFreeze => this.FreezeAsync(run),
            CrashPath.ApprovedByQuorum => this.QuorumAsync(run),
            CrashPath.RejectedByApprover => this.RejectAsync(run),
            CrashPath.DeployedHealthy => this.HealthyAsync(run),
            CrashPath.RolledBackOnErrorRate => this.BreachAsync(run),
            CrashPath.RolledBackOnMissingSamples => this.SilentAsync(run),
            _ => this.SubmitAsync(run, notBefore: null), // auto-approved, rejected at readiness, timed out: nobody acts
        };
        await path;
        await board.WaitAsync(b => b.IsDone(run.Id), $"{planned.Name} {run.Id} to end", StepDeadline);
    }

    /// <summary>For a failure message: where the board and the API say the release stands, and the events it published.</summary>
    public async Task<string> DescribeAsync(ReleaseRun run)
    {
        if (run.Id.Length == 0)
        {
            return "never submitted";
        }

        HostAnswer release = await host.GetAsync($"/api/releases/{run.Id}", host.Settings.FunctionKey);
        HostAnswer events = await host.GetAsync($"/api/dev/events?releaseId={run.Id}", key: null);
        string published = events.IsSuccess
            ? string.Join(", ", JsonDocument.Parse(events.Body).RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()).Reverse())
            : events.ToString();
        return $"board: {board.Describe(run.Id)}; published: [{published}]; release: {release.Body}";
    }

    private async Task SubmitAsync(ReleaseRun run, DateTimeOffset? notBefore)
    {
        PlannedRelease planned = run.Planned;
        JsonObject evidence = ReleaseApiClient.GoodEvidence(DateTimeOffset.UtcNow);
        if (planned.Path == CrashPath.RejectedAtReadiness)
        {
            evidence["testCoverage"] = 0.2;
        }

        var schedule = new Dictionary<string, object>(StringComparer.Ordinal);
        if (notBefore is { } start)
        {
            schedule["notBefore"] = start;
        }

        var body = new
        {
            service = planned.Service,
            version = planned.Version,
            environment = planned.Environment,
            type = planned.Type,
            requestedBy = ReleaseApiClient.Initiators[planned.Service],
            changeSummary = $"Crash suite release {planned.Index}: {planned.Path}",
            evidence,
            schedule,
        };
        HostAnswer answer = await host.PostJsonAsync("/api/releases", body, host.Settings.FunctionKey, $"crash-{plan.Seed}-{planned.Index}");
        Assert.True(answer.IsSuccess, $"submit: {answer}");
        using var json = JsonDocument.Parse(answer.Body);
        run.Id = json.RootElement.GetProperty("id").GetString()!;
        log(string.Create(CultureInfo.InvariantCulture, $"{clock.Elapsed.TotalSeconds,6:F1} s  submitted {planned.Name} as {run.Id}{(answer.Retried ? " (after a retry)" : string.Empty)}"));
    }

    /// <summary>Two of the three senior engineers approve; one release's clicks (all three links, one twice) meet a kill.</summary>
    private async Task QuorumAsync(ReleaseRun run)
    {
        await this.SubmitAsync(run, notBefore: null);
        IReadOnlyList<OutboxMail> asked = await this.AskedAsync(run, people: 3);
        if (run.Planned.Index != plan.BurstRelease)
        {
            await this.ClickAsync(run, asked[0].Link!, "approve");
            await this.ClickAsync(run, asked[1].Link!, "approve");
            return;
        }

        await gate.ExclusiveAsync(async () =>
        {
            Uri[] burst = [.. asked.Select(m => m.Link!), asked[0].Link!];
            Task<HostAnswer>[] clicks = [.. burst.Select(link => Task.Run(() => this.PostLinkAsync(run, link, "approve")))];
            await Task.Delay(plan.BurstKillDelay);
            await host.KillAndRestartAsync($"{plan.BurstKillDelay.TotalMilliseconds:F0} ms into a burst of {burst.Length} approval clicks for {run.Id}");
            HostAnswer[] answers = await Task.WhenAll(clicks);
            log($"burst answers for {run.Id}: {string.Join(" | ", answers.Select(a => $"{(int)a.Status}{(a.Retried ? " (retried)" : string.Empty)}"))}");
            Assert.All(answers, a => Assert.True(a.Status is HttpStatusCode.OK or HttpStatusCode.Conflict, $"burst click: {a}"));
            Assert.True(answers.Count(a => a.Status == HttpStatusCode.OK) <= 2, "more than the quorum of 2 clicks were answered 200: " + string.Join(" | ", answers.Select(a => a.ToString())));
            await Task.Delay(Settle);
        });
    }

    /// <summary>The release manager rejects (the other one is never asked to answer).</summary>
    private async Task RejectAsync(ReleaseRun run)
    {
        await this.SubmitAsync(run, notBefore: null);
        IReadOnlyList<OutboxMail> asked = await this.AskedAsync(run, people: 1);
        await this.ClickAsync(run, asked[0].Link!, "reject");
    }

    /// <summary>
    /// Books a slot 20 s ahead, then an operator freezes the release's service in dev from now until 30 s past the slot:
    /// its pre-deployment check must reschedule it. No kill between the submission and the freeze (a quiet lease), so the
    /// freeze always lands before the slot; kills after it are welcome.
    /// </summary>
    private async Task FreezeAsync(ReleaseRun run)
    {
        SemaphoreSlim lane = this.freezeLanes[run.Planned.Service];
        await lane.WaitAsync();
        try
        {
            using (await gate.QuietAsync())
            {
                await this.SubmitAsync(run, DateTimeOffset.UtcNow + FreezeLead);
                if (run.Planned.Service is "payments-api" or "orders-api")
                {
                    // Medium risk in dev: one release manager approves.
                    IReadOnlyList<OutboxMail> asked = await this.AskedAsync(run, people: 1);
                    await this.ClickAsync(run, asked[0].Link!, "approve");
                }

                DateTimeOffset slot = await this.PlannedStartAsync(run);
                Assert.True(slot > DateTimeOffset.UtcNow.AddSeconds(3), $"booked for {slot:O}, too close to now ({DateTimeOffset.UtcNow:O}) to freeze ahead of it");
                run.FreezeMark = $"CRASH-FREEZE-{plan.Seed}-{run.Planned.Index}";
                run.FreezeEnd = slot + FreezePastSlot;
                var freeze = new { reason = $"{run.FreezeMark}: incident drill", end = run.FreezeEnd, environments = new[] { "dev" }, services = new[] { run.Planned.Service } };
                HostAnswer added = await host.PostJsonAsync("/api/calendar/freezes", freeze, host.Settings.AdminKey, run.FreezeMark);
                Assert.True(added.IsSuccess, $"ad-hoc freeze: {added}");
                log(string.Create(CultureInfo.InvariantCulture, $"{clock.Elapsed.TotalSeconds,6:F1} s  froze {run.Planned.Service} in dev over {run.Id}'s slot {slot:HH:mm:ss}"));
            }

            await board.WaitAsync(b => b.IsDone(run.Id), $"{run.Planned.Name} {run.Id} to end after its reschedule", StepDeadline);
        }
        finally
        {
            lane.Release();
        }
    }

    /// <summary>Started, Succeeded, and a healthy sample every half second until 3 s past the bake, each on its own schedule.</summary>
    private async Task HealthyAsync(ReleaseRun run)
    {
        await this.ClearedAsync(run);
        using (await gate.QuietAsync())
        {
            await pipeline.StartedAsync(run.Id);
            int count = (int)((CrashPolicy.BakeTime.TotalSeconds + 3) * 2);
            Task[] samples = [.. Enumerable.Range(0, count).Select(async i =>
            {
                await Task.Delay(250 + (i * 500));
                await pipeline.SampleAsync(run.Id, errorRatePercent: 0.2);
            })];
            await pipeline.SucceededAsync(run.Id);
            await Task.WhenAll(samples);
            await board.WaitAsync(b => b.IsDone(run.Id), $"{run.Planned.Name} {run.Id} to end healthy", StepDeadline);
        }
    }

    /// <summary>Started, then two samples far over the 2 % limit; once the rollback is requested, it is reported done.</summary>
    private async Task BreachAsync(ReleaseRun run)
    {
        await this.ClearedAsync(run);
        using (await gate.QuietAsync())
        {
            await pipeline.StartedAsync(run.Id);
            await pipeline.SampleAsync(run.Id, errorRatePercent: 25);
            await pipeline.SampleAsync(run.Id, errorRatePercent: 30);
            await board.WaitAsync(b => b.Incidents.Contains(run.Id), $"{run.Planned.Name} {run.Id} to ask for its rollback", StepDeadline);
        }

        await pipeline.RollbackCompletedAsync(run.Id);
    }

    /// <summary>Started, then silence: the gap fails the watch whether or not the host dies meanwhile.</summary>
    private async Task SilentAsync(ReleaseRun run)
    {
        await this.ClearedAsync(run);
        await pipeline.StartedAsync(run.Id);
        await board.WaitAsync(b => b.Incidents.Contains(run.Id), $"{run.Planned.Name} {run.Id} to ask for its rollback", StepDeadline);
        await pipeline.RollbackCompletedAsync(run.Id);
    }

    private async Task ClearedAsync(ReleaseRun run)
    {
        await this.SubmitAsync(run, notBefore: null);
        await board.WaitAsync(b => b.Cleared.Contains(run.Id), $"{run.Planned.Name} {run.Id} to be cleared", StepDeadline);
    }

    /// <summary>Waits until the outbox holds approval requests to <paramref name="people"/> different people.</summary>
    private async Task<IReadOnlyList<OutboxMail>> AskedAsync(ReleaseRun run, int people)
    {
        await board.WaitAsync(
            b => b.Outbox.RequestsFor(run.Id).Select(m => m.To).Distinct(StringComparer.Ordinal).Count() >= people,
            $"{run.Planned.Name} {run.Id} to mail {people} approver(s)",
            StepDeadline);
        return [.. board.Outbox.RequestsFor(run.Id).DistinctBy(m => m.To, StringComparer.Ordinal)];
    }

    /// <summary>One click that must count: 200, or 409 after a retry (the dying host counted it and the answer was lost).</summary>
    private async Task ClickAsync(ReleaseRun run, Uri link, string decision)
    {
        HostAnswer answer = await this.PostLinkAsync(run, link, decision);
        Assert.True(
            answer.Status == HttpStatusCode.OK || (answer.Retried && answer.Status == HttpStatusCode.Conflict),
            $"{decision} click: {answer}");
    }

    private async Task<HostAnswer> PostLinkAsync(ReleaseRun run, Uri link, string decision)
    {
        run.PostedLinks.Add(link);
        return await host.AnswerAsync(link, decision, $"crash suite: {decision}");
    }

    /// <summary>The release's planned start once it is booked (this release alone is polled, once a second).</summary>
    private async Task<DateTimeOffset> PlannedStartAsync(ReleaseRun run)
    {
        DateTime until = DateTime.UtcNow + StepDeadline;
        while (true)
        {
            HostAnswer release = await host.GetAsync($"/api/releases/{run.Id}", host.Settings.FunctionKey);
            Assert.True(release.IsSuccess, $"release: {release}");
            using var json = JsonDocument.Parse(release.Body);
            if (json.RootElement.TryGetProperty("schedule", out JsonElement schedule) && schedule.ValueKind == JsonValueKind.Object)
            {
                return schedule.GetProperty("plannedStart").GetDateTimeOffset();
            }

            Assert.True(DateTime.UtcNow < until, $"never booked; last seen: {release.Body}");
            await Task.Delay(1000);
        }
    }
}
