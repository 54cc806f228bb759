using System.Net;
using System.Text.Json;
using ReleasePolicy.IntegrationTests.Infrastructure.GraphStub;
using static ReleasePolicy.IntegrationTests.Approvals.Graph.SampleTenant;

namespace ReleasePolicy.IntegrationTests.Approvals.Graph;

/// <summary>
/// The tier's SLA in seconds (the policy says so; durable timers have whole-second granularity): reminders,
/// escalation to each waiting approver's manager as Graph names them, and the timeout, each at its point.
/// </summary>
public sealed class GraphApprovalDeadlineTests
{
    /// <summary>The local durable runtime may deliver a timer this much after its point.</summary>
    private static readonly TimeSpan Lateness = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Durable timers on Azure Storage fire with whole-second granularity (the queue's visibility delay is whole
    /// seconds), so a timer due at 34.4 s may fire at 34.0 s: a point counts as kept within one second before it.
    /// </summary>
    private static readonly TimeSpan Granularity = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task NobodyAnswers_RemindedAt3s_EscalatedToTheGraphManagerAt6s_RejectedAt10s()
    {
        await using GraphApprovalHost graph = await GraphApprovalHost.StartAsync(ApprovalPolicies.WithDeadlines(
            "2026.11.91", "{ reminders: [PT3S], escalateAfter: PT6S, escalateTo: manager }", "{ after: PT10S, outcome: reject }"));

        string id = await graph.SubmitAsync(GraphApprovalHost.PeerPatch(Upn("alice")), "graph-deadlines-1");

        JsonElement done = await graph.Api.WaitForAsync(id, r => r.GetProperty("runtimeStatus").GetString() == "Completed", TimeSpan.FromSeconds(60));
        Assert.Equal("rejected", done.GetProperty("status").GetString());
        JsonElement approval = done.GetProperty("decisions").EnumerateArray().Single(d => d.GetProperty("stage").GetString() == "approval");
        Assert.Equal("rejected", approval.GetProperty("outcome").GetString());
        Assert.Contains("Timed out", approval.GetProperty("summary").GetString(), StringComparison.Ordinal);

        JsonElement tier = GraphApprovalHost.FirstTier(done);
        DateTimeOffset opened = tier.GetProperty("openedAt").GetDateTimeOffset();
        Assert.Equal("TimedOut", tier.GetProperty("status").GetString(), ignoreCase: true);
        Assert.Contains("timeout outcome is reject", tier.GetProperty("outcome").GetString(), StringComparison.Ordinal);
        AssertAt(opened, TimeSpan.FromSeconds(10), tier.GetProperty("closedAt").GetDateTimeOffset(), "timeout");
        Assert.Equal(["requested", "reminded", "escalated", "timed-out"], tier.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));

        // The mails in the order Graph received them: three requests, three reminders, one escalation to frank
        // (the manager of all three senior engineers, asked once), and nothing after the timeout.
        StubSentMail[] mails = [.. graph.SentMails.OrderBy(m => m.At)];
        string[] seniors = [Mail("carol"), Mail("grace"), Mail("heidi")];
        Assert.Equal(7, mails.Length);
        Assert.Equal(seniors, mails[..3].Select(m => Assert.Single(m.To)).Order(StringComparer.Ordinal));
        Assert.All(mails[..3], m => Assert.StartsWith("Approval needed", m.Subject, StringComparison.Ordinal));
        Assert.Equal(seniors, mails[3..6].Select(m => Assert.Single(m.To)).Order(StringComparer.Ordinal));
        Assert.All(mails[3..6], m =>
        {
            Assert.StartsWith("Reminder: ", m.Subject, StringComparison.Ordinal);
            AssertAt(opened, TimeSpan.FromSeconds(3), m.At, "reminder");
        });
        StubSentMail escalation = mails[6];
        Assert.Equal([Mail("frank")], escalation.To);
        Assert.StartsWith("Escalated to you: ", escalation.Subject, StringComparison.Ordinal);
        AssertAt(opened, TimeSpan.FromSeconds(6), escalation.At, "escalation");

        // The manager came from Graph: one /manager lookup per waiting approver, made at the escalation.
        RecordedRequest[] lookups = graph.Stub.Requests.Where(r => r.Method == "GET" && r.PathAndQuery.Contains("/manager", StringComparison.Ordinal)).ToArray();
        Assert.Equal(
            [Upn("carol"), Upn("grace"), Upn("heidi")],
            lookups.Select(r => Uri.UnescapeDataString(r.PathAndQuery).Split('/')[3]).Order(StringComparer.Ordinal));
        Assert.All(lookups, r => Assert.True(r.At >= opened + TimeSpan.FromSeconds(6) - Granularity, $"manager looked up at {r.At:O}, before the escalation point"));
        Assert.Contains(tier.GetProperty("addedApprovers").EnumerateArray(), p => p.GetString() == Upn("frank"));
    }

    [Fact]
    public async Task EscalatedToTheManager_WhoApproves_TheManagersVoteCountsTowardTheQuorum()
    {
        await using GraphApprovalHost graph = await GraphApprovalHost.StartAsync(ApprovalPolicies.WithDeadlines(
            "2026.11.92", "{ reminders: [PT2S], escalateAfter: PT3S, escalateTo: manager }", "{ after: PT60S, outcome: reject }"));

        string id = await graph.SubmitAsync(GraphApprovalHost.PeerPatch(Upn("alice")), "graph-escalation-1");
        IReadOnlyList<StubSentMail> requests = await graph.WaitForMailsAsync(m => m.Count >= 3);
        using (HttpResponseMessage grace = await graph.AnswerAsync(GraphApprovalHost.To(requests, Mail("grace")), "approve", "fine by me"))
        {
            Assert.Equal(HttpStatusCode.OK, grace.StatusCode);
        }

        // One of two: the tier escalates to frank, whom Graph names as the others' manager.
        IReadOnlyList<StubSentMail> mails = await graph.WaitForMailsAsync(m => m.Any(x => x.To.Contains(Mail("frank"))), TimeSpan.FromSeconds(30));
        StubSentMail escalation = GraphApprovalHost.To(mails, Mail("frank"), "Escalated to you: ");
        Assert.Equal("approval", (await graph.Api.GetReleaseAsync(id)).GetProperty("stage").GetString());

        using (HttpResponseMessage frank = await graph.AnswerAsync(escalation, "approve", "approved as their manager"))
        {
            Assert.Equal(HttpStatusCode.OK, frank.StatusCode);
        }

        JsonElement done = await graph.Api.WaitForAsync(id, r => r.GetProperty("runtimeStatus").GetString() == "Completed");
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        JsonElement approval = done.GetProperty("decisions").EnumerateArray().Single(d => d.GetProperty("stage").GetString() == "approval");
        Assert.Equal("approved", approval.GetProperty("outcome").GetString());
        JsonElement tier = GraphApprovalHost.FirstTier(done);
        Assert.Equal("Approved", tier.GetProperty("status").GetString(), ignoreCase: true);
        JsonElement[] votes = [.. tier.GetProperty("votes").EnumerateArray()];
        Assert.Equal([Upn("frank"), Upn("grace")], votes.Select(v => v.GetProperty("person").GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal("escalation", votes.Single(v => v.GetProperty("person").GetString() == Upn("frank")).GetProperty("eligibleBy").GetString());
    }

    private static void AssertAt(DateTimeOffset opened, TimeSpan offset, DateTimeOffset at, string what)
    {
        DateTimeOffset due = opened + offset;
        Assert.True(at >= due - Granularity, $"{what} at {at:O}, before its point {due:O} (tier opened {opened:O})");
        Assert.True(at <= due + Lateness, $"{what} at {at:O}, more than {Lateness.TotalSeconds} s after its point {due:O}");
    }
}
