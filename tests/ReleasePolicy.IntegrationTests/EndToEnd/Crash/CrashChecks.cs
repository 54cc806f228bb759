using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using ReleasePolicy.Deployment.Events;
using ReleasePolicy.IntegrationTests.EndToEnd.Load;
using ReleasePolicy.IntegrationTests.Infrastructure;

namespace ReleasePolicy.IntegrationTests.EndToEnd.Crash;

/// <summary>
/// The checks once every release has ended, each failure naming the release, its path and the seed: the final state
/// the path leads to, a verified chain and signature, every evidence record once and in sequence, no approval link
/// usable twice, no overlapping booking (calendar table read raw), and each delivered event id kept once.
/// </summary>
internal sealed class CrashChecks(ChaosHost host, int seed, Action<string> log)
{
    private readonly List<string> failures = [];

    public IReadOnlyList<string> Failures => this.failures;

    public async Task ReleaseAsync(ReleaseRun run)
    {
        string who = $"CRASH_SEED={seed} {run.Planned.Name} {run.Id}";
        PathExpectation expected = PathExpectation.For(run.Planned.Path);
        HostAnswer answer = await host.GetAsync($"/api/releases/{run.Id}", host.Settings.FunctionKey);
        if (!answer.IsSuccess)
        {
            this.failures.Add($"{who}: GET {answer}");
            return;
        }

        using var json = JsonDocument.Parse(answer.Body);
        JsonElement release = json.RootElement;
        string? status = release.GetProperty("status").GetString();
        this.Check(status == expected.Status, who, $"status {status}, expected {expected.Status}; {Decisions(release)}{this.HostError(run.Id)}");
        this.CheckPathDetail(run, release, who);
        if (release.TryGetProperty("schedule", out JsonElement booked) && booked.ValueKind == JsonValueKind.Object && booked.GetProperty("history").GetArrayLength() > 1)
        {
            log($"{who} was rescheduled: " + string.Join(" | ", booked.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("reason").GetString())));
        }

        HostAnswer verified = await host.GetAsync($"/api/audit/releases/{run.Id}/verify", host.Settings.AuditorKey);
        this.Check(verified.IsSuccess && JsonDocument.Parse(verified.Body).RootElement.GetProperty("verified").GetBoolean(), who, $"verify: {verified}");

        await this.EvidenceAsync(run, expected, who);
    }

    /// <summary>Every link posted during the run, posted again now: refused (409 used / closed, or 410 expired).</summary>
    public async Task LinksRefusedAsync(IEnumerable<ReleaseRun> runs)
    {
        foreach (ReleaseRun run in runs)
        {
            foreach (Uri link in run.PostedLinks.Distinct())
            {
                HostAnswer again = await host.AnswerAsync(link, "approve", "crash suite: second use after the chaos");
                this.Check(again.Status is HttpStatusCode.Conflict or HttpStatusCode.Gone, $"CRASH_SEED={seed} {run.Planned.Name} {run.Id}", $"a used approval link answered {again}");
            }
        }
    }

    /// <summary>The calendar table read raw: no two bookings of a lane overlap, one booking per release that got to scheduling.</summary>
    public async Task CalendarAsync(int bookedReleases)
    {
        var table = new TableClient(host.Settings.StorageConnectionString, host.Settings.CalendarTable);
        List<TableEntity> raw = await CalendarTableAudit.RawAsync(table);
        try
        {
            CalendarTableAudit.AssertConsistent(raw, bookedReleases);
        }
        catch (Xunit.Sdk.XunitException e)
        {
            // Reported with the others, so one run shows every broken invariant with its seed.
            this.failures.Add($"CRASH_SEED={seed} calendar: {e.Message}");
        }
    }

    /// <summary>The inbound events table read raw: each id the pipeline sent is claimed once and kept once, with its release.</summary>
    public async Task EventLedgerAsync(ChaosPipeline pipeline)
    {
        IReadOnlyDictionary<string, string[]> partitions = await EventLedgerRows.PartitionsByEventIdAsync(host.Settings);
        foreach ((string id, string releaseId) in pipeline.Sent)
        {
            string[] held = partitions.TryGetValue(id, out string[]? rows) ? rows : [];
            string[] expected = ["id", TableEventLedger.ReleasePartition(releaseId)];
            this.Check(held.SequenceEqual(expected), $"CRASH_SEED={seed} event {id} of {releaseId}", $"ledger rows [{string.Join(", ", held)}], expected [{string.Join(", ", expected)}]");
        }
    }

    /// <summary>The hosts' own account of a release that failed (the line with its correlation id), if they logged one.</summary>
    private string HostError(string releaseId)
    {
        string? line = host.AllOutput.Split('\n').FirstOrDefault(l => l.Contains(releaseId, StringComparison.Ordinal) && l.Contains("could not continue", StringComparison.Ordinal));
        return line is null ? string.Empty : $"; the host logged: {line.Trim()}";
    }

    private static string Decisions(JsonElement release) => "decisions: " + string.Join(
        "; ", release.GetProperty("decisions").EnumerateArray().Select(d => $"{d.GetProperty("stage").GetString()}/{d.GetProperty("outcome").GetString()}: {d.GetProperty("summary").GetString()}"));

    private static JsonElement[] StageDecisions(JsonElement release, string stage) =>
        [.. release.GetProperty("decisions").EnumerateArray().Where(d => d.GetProperty("stage").GetString() == stage)];

    private void CheckPathDetail(ReleaseRun run, JsonElement release, string who)
    {
        switch (run.Planned.Path)
        {
            case CrashPath.RescheduledByFreeze:
                // Moved past the freeze. The reason names the freeze when the check ran inside the slot; when a kill made
                // it run after the slot had ended, it names the missed slot, and the new booking must still honour the freeze.
                JsonElement[] history = release.TryGetProperty("schedule", out JsonElement schedule) && schedule.ValueKind == JsonValueKind.Object
                    ? [.. schedule.GetProperty("history").EnumerateArray()]
                    : [];
                bool moved = history.Length >= 2 && run.FreezeEnd is { } end && history[^1].GetProperty("start").GetDateTimeOffset() >= end.AddSeconds(-1);
                this.Check(moved, who, $"not rescheduled past its freeze {run.FreezeMark} (until {run.FreezeEnd:O}): [{string.Join(", ", history.Select(h => h.GetRawText()))}]");
                break;
            case CrashPath.RolledBackOnErrorRate or CrashPath.RolledBackOnMissingSamples:
                string want = run.Planned.Path == CrashPath.RolledBackOnErrorRate ? "errorRate" : "missingSamples";
                string[] rules = [.. StageDecisions(release, "deployment").Where(d => d.GetProperty("outcome").GetString() == "unhealthy")
                    .Select(d => d.GetProperty("details").TryGetProperty("rule", out JsonElement rule) ? rule.GetString() ?? "" : "")];
                this.Check(rules.SequenceEqual([want]), who, $"unhealthy rules [{string.Join(", ", rules)}], expected [{want}]; {Decisions(release)}");
                break;
            case CrashPath.ApprovedByQuorum or CrashPath.RejectedByApprover or CrashPath.ApprovalTimedOut:
                string wanted = run.Planned.Path switch { CrashPath.ApprovedByQuorum => "approved", CrashPath.RejectedByApprover => "rejected", _ => "timedOut" };
                string[] tiers = release.TryGetProperty("approvals", out JsonElement approvals) && approvals.ValueKind == JsonValueKind.Array
                    ? [.. approvals.EnumerateArray().Select(t => t.GetProperty("status").GetString() ?? "")]
                    : [];
                this.Check(tiers.SequenceEqual([wanted]), who, $"approval tiers [{string.Join(", ", tiers)}], expected [{wanted}]");
                break;
            case CrashPath.DeployedHealthy:
                this.Check(StageDecisions(release, "deployment").Any(d => d.GetProperty("outcome").GetString() == "deployed"), who, $"no deployed decision; {Decisions(release)}");
                break;
            default:
                break;
        }
    }

    private async Task EvidenceAsync(ReleaseRun run, PathExpectation expected, string who)
    {
        var container = new BlobContainerClient(host.Settings.StorageConnectionString, host.Settings.PolicyContainer);
        (EvidenceBlob[] records, string[] others) = await EvidenceBlobs.ListAsync(container, run.Planned.Service, run.Id);
        string kinds = string.Join(", ", records.Select(r => $"{r.Sequence}:{r.Kind}"));
        log($"{run.Planned.Path,-27} {run.Id}: {string.Join(", ", records.Select(r => r.Kind))} + {string.Join(", ", others)}");
        this.Check(records.Select(r => r.Sequence).SequenceEqual(Enumerable.Range(1, records.Length)), who, $"sequence numbers not 1..{records.Length}: {kinds}");
        foreach (IGrouping<string, EvidenceBlob> kind in records.GroupBy(r => r.Kind, StringComparer.Ordinal).Where(g => g.Count() > 1 && !PathExpectation.Repeatable.Contains(g.Key)))
        {
            this.Check(false, who, $"{kind.Count()} records of kind {kind.Key}: {kinds}");
        }

        foreach (string kind in expected.Once.Where(k => !records.Any(r => r.Kind == k)))
        {
            this.Check(false, who, $"no {kind} record: {kinds}");
        }

        foreach (string kind in expected.Never.Where(k => records.Any(r => r.Kind == k)))
        {
            this.Check(false, who, $"a {kind} record its path must not write: {kinds}");
        }

        this.Check(others.Contains("manifest.json"), who, $"no manifest (not sealed): {string.Join(", ", others)}");
        if (run.Planned.Path == CrashPath.ApprovedByQuorum)
        {
            await this.VotesAsync(run, who, expectedVotes: 2);
        }
    }

    /// <summary>The tier record through the audit API: exactly the quorum's votes counted, however many clicks raced.</summary>
    private async Task VotesAsync(ReleaseRun run, string who, int expectedVotes)
    {
        HostAnswer audit = await host.GetAsync($"/api/audit/releases/{run.Id}", host.Settings.AuditorKey);
        if (!audit.IsSuccess)
        {
            this.failures.Add($"{who}: audit {audit}");
            return;
        }

        using var json = JsonDocument.Parse(audit.Body);
        foreach (JsonElement record in json.RootElement.GetProperty("records").EnumerateArray().Where(r => r.GetProperty("kind").GetString() == "approval-tier"))
        {
            JsonElement tier = record.GetProperty("record");
            JsonElement votes = (tier.TryGetProperty("data", out JsonElement data) ? data : tier).GetProperty("votes");
            this.Check(votes.GetArrayLength() == expectedVotes, who, $"{votes.GetArrayLength()} votes counted, expected {expectedVotes}: {votes.GetRawText()}");
        }
    }

    private void Check(bool condition, string who, string what)
    {
        if (!condition)
        {
            this.failures.Add($"{who}: {what}");
        }
    }
}
