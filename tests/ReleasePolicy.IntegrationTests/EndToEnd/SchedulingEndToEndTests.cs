using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ReleasePolicy.IntegrationTests.Infrastructure;
using ReleasePolicy.Testing;

namespace ReleasePolicy.IntegrationTests.EndToEnd;

/// <summary>
/// The scheduling stage as a pipeline meets it, over HTTP on the local host: freezes push a release back, emergencies
/// and overrides pass with their allowance on record, and an operator's ad-hoc freeze makes a waiting release move.
/// Each host seeds the sample policy with a calendar written for the test, its freezes placed relative to now.
/// </summary>
public sealed class SchedulingEndToEndTests
{
    [Fact]
    public async Task Release_SubmittedDuringFreeze_IsScheduledAfterItWithTheRefusalRecorded()
    {
        DateTimeOffset freezeEnd = DateTimeOffset.UtcNow.AddSeconds(8);
        await using InProcessHost host = await StartAsync(Calendar(freeze: (DateTimeOffset.UtcNow.AddMinutes(-5), freezeEnd), allowed: "[]"));

        string id = await SubmitAsync(host, StagingPatch("9.0.1"));
        JsonElement booked = await host.Api.WaitForAsync(id, r => r.TryGetProperty("schedule", out JsonElement s) && s.ValueKind == JsonValueKind.Object);
        DateTimeOffset plannedStart = booked.GetProperty("schedule").GetProperty("plannedStart").GetDateTimeOffset();
        Assert.True(plannedStart >= freezeEnd.AddSeconds(-1), $"planned {plannedStart:O}, freeze ends {freezeEnd:O}");
        string summary = Decision(booked, "scheduling").GetProperty("summary").GetString()!;
        Assert.Contains("test-freeze", summary, StringComparison.Ordinal);

        JsonElement done = await host.Api.WaitForDoneAsync(id);
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        JsonElement schedule = await RecordAsync(host, id, "schedule");
        JsonElement refusal = schedule.GetProperty("data").GetProperty("search").GetProperty("refusals")[0];
        Assert.Equal("freeze", refusal.GetProperty("kind").GetString(), StringComparer.OrdinalIgnoreCase);
        Assert.Equal("test-freeze", refusal.GetProperty("subject").GetString());
    }

    [Fact]
    public async Task EmergencyRelease_DuringFreezeThatAllowsEmergencies_GoesThroughWithTheAllowanceRecorded()
    {
        await using InProcessHost host = await StartAsync(Calendar(freeze: (DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(2)), allowed: "[emergency]"));

        string id = await SubmitAsync(host, StagingPatch("9.0.2", type: "emergency"));
        await host.Api.ApproveAllAsync(id);
        JsonElement done = await host.Api.WaitForDoneAsync(id);

        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        Assert.True(done.GetProperty("schedule").GetProperty("plannedStart").GetDateTimeOffset() < DateTimeOffset.UtcNow.AddHours(1));
        JsonElement schedule = await RecordAsync(host, id, "schedule");
        JsonElement allowance = schedule.GetProperty("data").GetProperty("search").GetProperty("allowances")[0];
        Assert.Equal("test-freeze", allowance.GetProperty("freeze").GetString());
        Assert.Equal("allowedReleaseType", allowance.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task FreezeOverride_ByAPersonThePolicyNames_IsRecordedAndFlaggedForPostFactoReview()
    {
        await using InProcessHost host = await StartAsync(Calendar(freeze: (DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(2)), allowed: "[]", overrideBy: "[web-team]"));

        string id = await SubmitAsync(host, StagingPatch("9.0.3", freezeOverride: "Hotfix for a checkout outage; the freeze owner agreed"));
        JsonElement deployed = await host.Api.WaitForAsync(
            id, r => r.GetProperty("decisions").EnumerateArray().Any(d => d.GetProperty("stage").GetString() == "deployment"));

        JsonElement scheduling = Decision(deployed, "scheduling");
        Assert.Equal("granted", scheduling.GetProperty("details").GetProperty("freezeOverride").GetString());
        Assert.Equal("required", scheduling.GetProperty("details").GetProperty("postFactoReview").GetString());
        JsonElement schedule = await RecordAsync(host, id, "schedule");
        JsonElement grant = schedule.GetProperty("data").GetProperty("freezeOverride");
        Assert.Equal("dave", grant.GetProperty("requestedBy").GetString());
        Assert.Contains("checkout outage", grant.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("override", schedule.GetProperty("data").GetProperty("search").GetProperty("allowances")[0].GetProperty("kind").GetString());

        // The override owes the policy's post-facto review: its tier (two of the CAB) opens after the deployment.
        using var reviewers = new ApprovalDriver(host.Api.Http.BaseAddress!);
        IReadOnlyList<OutboxMail> asked = await reviewers.WaitForMailsAsync(id, m => m.Count(x => x.Link is not null) >= 2);
        foreach (OutboxMail mail in asked.Where(m => m.Link is not null).Take(2))
        {
            using HttpResponseMessage answered = await reviewers.AnswerAsync(mail.Link!, "approve", "The override was justified");
            Assert.True(answered.IsSuccessStatusCode, $"review answer: {(int)answered.StatusCode}");
        }

        JsonElement done = await host.Api.WaitForDoneAsync(id);
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        Assert.Equal("reviewed", Decision(done, "deployment").GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task FreezeOverride_ByAPersonThePolicyDoesNotName_IsRefusedAndTheReleaseWaitsForTheFreezeEnd()
    {
        DateTimeOffset freezeEnd = DateTimeOffset.UtcNow.AddSeconds(6);
        await using InProcessHost host = await StartAsync(Calendar(freeze: (DateTimeOffset.UtcNow.AddMinutes(-5), freezeEnd), allowed: "[]", overrideBy: "[release-managers]"));

        string id = await SubmitAsync(host, StagingPatch("9.0.4", freezeOverride: "Wants it out today"));
        JsonElement done = await host.Api.WaitForDoneAsync(id);

        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        Assert.True(done.GetProperty("schedule").GetProperty("plannedStart").GetDateTimeOffset() >= freezeEnd.AddSeconds(-1));
        JsonElement schedule = await RecordAsync(host, id, "schedule");
        Assert.False(schedule.GetProperty("data").GetProperty("freezeOverride").GetProperty("granted").GetBoolean());
        Assert.Equal("refused", schedule.GetProperty("data").GetProperty("decision").GetProperty("details").GetProperty("freezeOverride").GetString());
    }

    [Fact]
    public async Task AdHocFreeze_AddedWhileAReleaseWaitsForItsSlot_MakesThePreDeploymentCheckRescheduleItAndTellsTheRequester()
    {
        await using InProcessHost host = await StartAsync(Calendar(freeze: null, allowed: "[]"));
        DateTimeOffset slot = DateTimeOffset.UtcNow.AddSeconds(10);

        string id = await SubmitAsync(host, StagingPatch("9.0.5", notBefore: slot));
        JsonElement booked = await host.Api.WaitForAsync(id, r => r.TryGetProperty("schedule", out JsonElement s) && s.ValueKind == JsonValueKind.Object);
        Assert.True(booked.GetProperty("schedule").GetProperty("plannedStart").GetDateTimeOffset() >= slot.AddSeconds(-1));

        // An incident: the operator freezes staging from now until a little after the booked slot opens.
        DateTimeOffset freezeEnd = DateTimeOffset.UtcNow.AddSeconds(20);
        using var freeze = new HttpRequestMessage(HttpMethod.Post, "/api/calendar/freezes")
        {
            Content = JsonContent.Create(new { reason = "Incident INC-4711: checkout errors", end = freezeEnd, environments = new[] { "staging" } }),
        };
        freeze.Headers.Add("x-functions-key", host.Settings.AdminKey);
        using HttpResponseMessage added = await host.Api.Http.SendAsync(freeze);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);

        JsonElement done = await host.Api.WaitForDoneAsync(id, TimeSpan.FromSeconds(120));
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        JsonElement[] history = [.. done.GetProperty("schedule").GetProperty("history").EnumerateArray()];
        Assert.True(history.Length == 2, $"expected the first booking and one reschedule: {done.GetProperty("schedule").GetRawText()}");
        Assert.Contains("INC-4711", history[1].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.True(history[1].GetProperty("start").GetDateTimeOffset() >= freezeEnd.AddSeconds(-1));

        string[] kinds = await KindsAsync(host, id);
        Assert.Equal(["pre-deployment-check", "reschedule", "pre-deployment-check"], kinds.Where(k => k is "pre-deployment-check" or "reschedule"));
        using var approvers = new ApprovalDriver(host.Api.Http.BaseAddress!);
        IReadOnlyList<OutboxMail> mails = await approvers.WaitForMailsAsync(id, m => m.Any(x => x.Kind == "release-rescheduled"));
        OutboxMail notice = mails.First(m => m.Kind == "release-rescheduled");
        Assert.Equal("dave", notice.To);
    }

    [Fact]
    public async Task Release_ThatDependsOnAnother_IsScheduledOnlyAfterItSucceeds()
    {
        await using InProcessHost host = await StartAsync(Calendar(freeze: null, allowed: "[]"));
        string first = await SubmitAsync(host, StagingPatch("9.1.0", notBefore: DateTimeOffset.UtcNow.AddSeconds(8)));

        string second = await SubmitAsync(host, DocsPatch("3.0.0", dependsOn: first));
        JsonElement firstDone = await host.Api.WaitForDoneAsync(first);
        JsonElement secondDone = await host.Api.WaitForDoneAsync(second);

        Assert.Equal("succeeded", secondDone.GetProperty("status").GetString());
        DateTimeOffset firstFinished = firstDone.GetProperty("updatedAt").GetDateTimeOffset();
        Assert.True(
            secondDone.GetProperty("schedule").GetProperty("plannedStart").GetDateTimeOffset() >= firstFinished.AddSeconds(-1),
            "the dependent release was booked before its dependency completed");
    }

    [Fact]
    public async Task Release_ThatDependsOnAnUnknownRelease_IsRejectedWithTheReason()
    {
        await using InProcessHost host = await StartAsync(Calendar(freeze: null, allowed: "[]"));

        string id = await SubmitAsync(host, DocsPatch("3.0.1", dependsOn: "rel-00000000000000000000000000000000"));
        JsonElement done = await host.Api.WaitForDoneAsync(id);

        Assert.Equal("rejected", done.GetProperty("status").GetString());
        Assert.Contains("no such release", Decision(done, "scheduling").GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MajorRelease_UnderDependencySignOff_WaitsForAnOwnerOfADependentServiceAsItsLastTier()
    {
        await using InProcessHost host = await StartAsync("""
            calendar:
              durations: { default: PT1M }
              dependencySignOff:
                releaseTypes: [major]
                tier: { name: dependents, quorum: 1, sla: { reminders: [PT4H] }, timeout: { after: P2D, outcome: reject } }
            """);

        string id = await SubmitAsync(host, ReleaseApiClient.PatchRequest(version: "3.0.0", type: "major"));
        IReadOnlyList<string> approvers = await host.Api.ApproveAllAsync(id);
        JsonElement done = await host.Api.WaitForDoneAsync(id);

        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        // payments-api's dependents include orders-api, whose owners (orders-leads: frank) sign off after the route's tiers.
        JsonElement last = done.GetProperty("approvals").EnumerateArray().Last();
        Assert.Equal("dependents", last.GetProperty("tierName").GetString());
        Assert.Equal(["orders-leads"], last.GetProperty("groups").EnumerateArray().Select(g => g.GetString()));
        Assert.Equal("frank", Assert.Single(last.GetProperty("votes").EnumerateArray()).GetProperty("person").GetString());
        Assert.Contains("frank", approvers);
        Assert.Contains("dependents", Decision(done, "approval").GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    internal static string Calendar((DateTimeOffset Start, DateTimeOffset End)? freeze, string allowed, string overrideBy = "[]")
    {
        string freezes = freeze is { } f
            ? $$"""
                freezes:
                    - { name: test-freeze, reason: Quarter-end close rehearsal, environments: [staging], start: "{{Iso(f.Start)}}", end: "{{Iso(f.End)}}", allowedReleaseTypes: {{allowed}}, overridable: true }
              """
            : string.Empty;
        return $$"""
            calendar:
              durations: { default: PT1M, max: PT1H }
              scheduling: { maxReschedules: 3, searchHorizon: P7D, approvalValidFor: P1D, dependencyPoll: PT1S, dependencyTimeout: PT2M }
              freezeOverrideBy: {{overrideBy}}
            {{freezes}}
            """;
    }

    internal static async Task<InProcessHost> StartAsync(string calendar)
    {
        HostSettings settings = await HostSettings.CreateAsync();
        return await InProcessHost.StartAsync(settings with { SeedPolicyText = TestPolicies.WithCalendar(calendar) });
    }

    internal static object StagingPatch(string version, string type = "patch", DateTimeOffset? notBefore = null, string? freezeOverride = null) => new
    {
        service = "catalog-web",
        version,
        environment = "staging",
        type,
        requestedBy = "dave",
        changeSummary = "Fix the basket badge",
        evidence = ReleaseApiClient.GoodEvidence(DateTimeOffset.UtcNow),
        schedule = Schedule(notBefore, freezeOverride),
    };

    /// <summary>The request's <c>schedule</c> with only the fields the test gives.</summary>
    private static Dictionary<string, object> Schedule(DateTimeOffset? notBefore, string? freezeOverride)
    {
        var schedule = new Dictionary<string, object>(StringComparer.Ordinal);
        if (notBefore is { } start)
        {
            schedule["notBefore"] = start;
        }

        if (freezeOverride is not null)
        {
            schedule["freezeOverride"] = new { reason = freezeOverride };
        }

        return schedule;
    }

    private static object DocsPatch(string version, string dependsOn) => new
    {
        service = "internal-docs",
        version,
        environment = "staging",
        type = "patch",
        requestedBy = "erin",
        changeSummary = "Document the new checkout flow",
        evidence = ReleaseApiClient.GoodEvidence(DateTimeOffset.UtcNow),
        schedule = new { dependsOn = new[] { dependsOn } },
    };

    internal static async Task<string> SubmitAsync(InProcessHost host, object body)
    {
        using HttpResponseMessage response = await host.Api.SubmitAsync(body, idempotencyKey: Guid.NewGuid().ToString("N"));
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"submit: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>The stage's last decision (deployment keeps one per step: cleared, then its judgement).</summary>
    private static JsonElement Decision(JsonElement release, string stage) =>
        release.GetProperty("decisions").EnumerateArray().Last(d => d.GetProperty("stage").GetString() == stage);

    private static async Task<JsonElement> AuditAsync(InProcessHost host, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("x-functions-key", host.Settings.AuditorKey);
        using HttpResponseMessage response = await host.Api.Http.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<string[]> KindsAsync(InProcessHost host, string id) =>
        [.. (await AuditAsync(host, $"/api/audit/releases/{id}")).GetProperty("records").EnumerateArray().Select(r => r.GetProperty("kind").GetString()!)];

    /// <summary>The first evidence record of <paramref name="kind"/>, as stored (its <c>data</c> holds the full decision).</summary>
    private static async Task<JsonElement> RecordAsync(InProcessHost host, string id, string kind)
    {
        JsonElement audit = await AuditAsync(host, $"/api/audit/releases/{id}");
        JsonElement record = audit.GetProperty("records").EnumerateArray().First(r => r.GetProperty("kind").GetString() == kind);
        return record.GetProperty("record");
    }

    private static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
