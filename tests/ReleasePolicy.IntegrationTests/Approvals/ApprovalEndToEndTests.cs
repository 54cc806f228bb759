using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReleasePolicy.IntegrationTests.Infrastructure;

namespace ReleasePolicy.IntegrationTests.Approvals;

/// <summary>
/// Approvals end to end over HTTP on the local host: the pipeline submits, approvers answer from the dev outbox's
/// links, and the release moves on only when the policy's tiers say so.
/// </summary>
public sealed class ApprovalEndToEndTests
{
    [Fact]
    public async Task CriticalRiskRelease_WaitsForCabQuorumThenTheSeniorApprover_AndProceedsOnlyAfterBoth()
    {
        await using InProcessHost host = await InProcessHost.StartAsync();
        using var approvers = new ApprovalDriver(host.App.BaseAddress);
        string id = await SubmitAsync(host, CriticalMinor(), "build-critical-1");

        // The CAB tier: the four members are asked (the requester alice is not one of them).
        IReadOnlyList<OutboxMail> cab = await approvers.WaitForMailsAsync(id, m => m.Count(x => x.Kind == "approval-request") >= 4);
        Assert.Equal(["ivan", "judy", "ken", "laura"], cab.Where(m => m.Kind == "approval-request").Select(m => m.To).Order());
        JsonElement waiting = await host.Api.GetReleaseAsync(id);
        Assert.Equal("cabPlusSenior", waiting.GetProperty("decisions")[0].GetProperty("details").GetProperty("approvalRoute").GetString(), ignoreCase: true);

        foreach (OutboxMail mail in cab.Where(m => m.To is "ivan" or "judy"))
        {
            using HttpResponseMessage answered = await approvers.AnswerAsync(mail.Link!, "approve", "looks safe");
            Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        }

        // Two of three: still waiting, and nobody from the senior tier has been asked.
        await Task.Delay(TimeSpan.FromSeconds(2));
        JsonElement twoOfThree = await host.Api.GetReleaseAsync(id);
        Assert.Equal("approval", twoOfThree.GetProperty("stage").GetString());
        Assert.DoesNotContain(await approvers.MailsAsync(id), m => m.To == "victor");

        using (HttpResponseMessage third = await approvers.AnswerAsync(cab.Single(m => m.To == "ken").Link!, "approve"))
        {
            Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        }

        OutboxMail senior = (await approvers.WaitForMailsAsync(id, m => m.Any(x => x.To == "victor"))).Single(m => m.To == "victor");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal("approval", (await host.Api.GetReleaseAsync(id)).GetProperty("stage").GetString());

        using (HttpResponseMessage vp = await approvers.AnswerAsync(senior.Link!, "approve", "go"))
        {
            Assert.Equal(HttpStatusCode.OK, vp.StatusCode);
        }

        JsonElement done = await host.Api.WaitForAsync(id, r => r.GetProperty("runtimeStatus").GetString() == "Completed");
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        JsonElement approval = done.GetProperty("decisions").EnumerateArray().Single(d => d.GetProperty("stage").GetString() == "approval");
        Assert.Equal("approved", approval.GetProperty("outcome").GetString());
        Assert.Equal("ivan,judy,ken,victor", approval.GetProperty("details").GetProperty("approvers").GetString());
        JsonElement[] tiers = done.GetProperty("approvals").EnumerateArray().ToArray();
        Assert.Equal(["approved", "approved"], tiers.Select(t => t.GetProperty("status").GetString()!.ToLowerInvariant()));
        Assert.Equal(3, tiers[0].GetProperty("votes").GetArrayLength());
        Assert.Contains(tiers[0].GetProperty("excluded").EnumerateArray(), e => e.GetProperty("person").GetString() == "alice");
    }

    [Fact]
    public async Task LowRiskPatch_IsApprovedAutomatically_WithTheRuleRecorded()
    {
        await using InProcessHost host = await InProcessHost.StartAsync();
        object request = new
        {
            service = "catalog-web", version = "3.1.1", environment = "staging", type = "patch", requestedBy = "dave",
            changeSummary = "Copy fix", evidence = ReleaseApiClient.GoodEvidence(DateTimeOffset.UtcNow),
        };

        string id = await SubmitAsync(host, request, "build-low-1");

        JsonElement done = await host.Api.WaitForAsync(id, r => r.GetProperty("runtimeStatus").GetString() == "Completed");
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        JsonElement approval = done.GetProperty("decisions").EnumerateArray().Single(d => d.GetProperty("stage").GetString() == "approval");
        Assert.Equal("automatic", approval.GetProperty("details").GetProperty("basis").GetString());
        Assert.Contains("Low-risk patches", approval.GetProperty("details").GetProperty("rule").GetString(), StringComparison.Ordinal);
        Assert.False(done.TryGetProperty("approvals", out JsonElement tiers) && tiers.ValueKind == JsonValueKind.Array);
        using var approvers = new ApprovalDriver(host.App.BaseAddress);
        Assert.Empty(await approvers.MailsAsync(id));
    }

    [Fact]
    public async Task TierTimeoutWithRejectOutcome_EndsTheReleaseRejectedWithTheReason_AfterRemindingTheApprovers()
    {
        await using InProcessHost host = await InProcessHost.StartAsync();
        await PublishAsync(host, ApprovalPolicies.WithDeadlines("2026.11.90", "{ reminders: [PT3S] }", "{ after: PT8S, outcome: reject }"));
        using var approvers = new ApprovalDriver(host.App.BaseAddress);

        string id = await SubmitAsync(host, ReleaseApiClient.PatchRequest(), "build-timeout-1");

        JsonElement done = await host.Api.WaitForAsync(id, r => r.GetProperty("runtimeStatus").GetString() == "Completed", TimeSpan.FromSeconds(120));
        Assert.Equal("rejected", done.GetProperty("status").GetString());
        JsonElement approval = done.GetProperty("decisions").EnumerateArray().Single(d => d.GetProperty("stage").GetString() == "approval");
        Assert.Equal("rejected", approval.GetProperty("outcome").GetString());
        Assert.Contains("Timed out", approval.GetProperty("summary").GetString(), StringComparison.Ordinal);
        IReadOnlyList<OutboxMail> mails = await approvers.MailsAsync(id);
        Assert.Equal(3, mails.Count(m => m.Kind == "approval-request"));
        Assert.Equal(3, mails.Count(m => m.Kind == "approval-reminder"));
        JsonElement tier = Assert.Single(done.GetProperty("approvals").EnumerateArray().ToArray());
        Assert.Equal("TimedOut", tier.GetProperty("status").GetString(), ignoreCase: true);
        Assert.Equal(["requested", "reminded", "timed-out"], tier.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
    }

    internal static JsonObject CriticalMinor()
    {
        JsonObject evidence = ReleaseApiClient.GoodEvidence(DateTimeOffset.UtcNow);
        evidence["change"] = new JsonObject
        {
            ["filesChanged"] = 250,
            ["linesChanged"] = 6000,
            ["dependencies"] = new JsonArray(Enumerable.Range(1, 15).Select(i => (JsonNode)JsonValue.Create($"Dep{i}")).ToArray()),
        };
        evidence["schemaMigration"] = new JsonObject { ["present"] = true, ["backwardCompatible"] = false, ["downMigrationTested"] = false };
        return new JsonObject
        {
            ["service"] = "payments-api", ["version"] = "2.0.0", ["environment"] = "production", ["type"] = "minor",
            ["requestedBy"] = "alice", ["changeSummary"] = "New settlement engine", ["evidence"] = evidence,
        };
    }

    internal static async Task<string> SubmitAsync(InProcessHost host, object request, string key)
    {
        using HttpResponseMessage submitted = await host.Api.SubmitAsync(request, idempotencyKey: key);
        string body = await submitted.Content.ReadAsStringAsync();
        Assert.True(submitted.StatusCode == HttpStatusCode.Accepted, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Publishes a policy the way it is done now: proposed, then approved by the council through the outbox.</summary>
    internal static Task PublishAsync(InProcessHost host, string policyText) =>
        PolicyChanges.PublishApprovedAsync(host.App.BaseAddress, host.Settings.AdminKey, policyText);
}
