using System.Net;
using System.Text.Json;
using ReleasePolicy.IntegrationTests.Infrastructure;
using ReleasePolicy.IntegrationTests.Infrastructure.GraphStub;
using static ReleasePolicy.IntegrationTests.Approvals.Graph.SampleTenant;

namespace ReleasePolicy.IntegrationTests.Approvals.Graph;

/// <summary>Membership is asked of Graph at the moment of the click, not taken from when the mail went out.</summary>
public sealed class GraphMembershipAtDecisionTests
{
    [Fact]
    public async Task RemovedFromTheGroupAfterTheMail_ClickRefusedAsNotAMemberAndRecorded_OtherMembersStillCount()
    {
        await using GraphApprovalHost graph = await GraphApprovalHost.StartAsync();
        string id = await graph.SubmitAsync(GraphApprovalHost.PeerPatch(Upn("alice")), "graph-membership-1");
        IReadOnlyList<StubSentMail> mails = await graph.WaitForMailsAsync(m => m.Count >= 3);

        graph.Stub.RemoveMember("senior-engineers", Upn("heidi"));
        int before = graph.Stub.Requests.Count;
        using (HttpResponseMessage heidi = await graph.AnswerAsync(GraphApprovalHost.To(mails, Mail("heidi")), "approve", "still fine by me"))
        {
            JsonElement problem = await Problems.AssertProblemAsync(heidi, HttpStatusCode.Forbidden);
            JsonElement error = Assert.Single(problem.GetProperty("errors").EnumerateArray().ToArray());
            Assert.Equal(("approver", "not-a-member"), (error.GetProperty("field").GetString(), error.GetProperty("reason").GetString()));
            Assert.Contains("senior-engineers", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        // The refusal came from asking Graph now: a checkMemberGroups for heidi after she was removed.
        Assert.Contains(
            graph.Stub.Requests.Skip(before),
            r => r.Method == "POST" && Uri.UnescapeDataString(r.PathAndQuery) == $"/v1.0/users/{Upn("heidi")}/checkMemberGroups");

        foreach (string approver in new[] { "grace", "carol" })
        {
            using HttpResponseMessage answered = await graph.AnswerAsync(GraphApprovalHost.To(mails, Mail(approver)), "approve");
            Assert.True(answered.StatusCode == HttpStatusCode.OK, $"{approver}: {(int)answered.StatusCode} {await answered.Content.ReadAsStringAsync()}");
        }

        JsonElement done = await graph.Api.WaitForAsync(id, r => r.GetProperty("runtimeStatus").GetString() == "Completed");
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        JsonElement tier = GraphApprovalHost.FirstTier(done);
        Assert.Equal([Upn("carol"), Upn("grace")], tier.GetProperty("votes").EnumerateArray().Select(v => v.GetProperty("person").GetString()!).Order(StringComparer.Ordinal));
        JsonElement refusal = Assert.Single(tier.GetProperty("refusals").EnumerateArray().ToArray());
        Assert.Equal((Upn("heidi"), "not-a-member"), (refusal.GetProperty("person").GetString(), refusal.GetProperty("code").GetString()));

        // And in the evidence: the tier's record, as an auditor reads it, carries the refusal.
        using var audit = new HttpRequestMessage(HttpMethod.Get, $"/api/audit/releases/{id}");
        using HttpResponseMessage records = await graph.Api.Http.SendAsync(audit.AsAuditor(graph.Host.Settings));
        string text = await records.Content.ReadAsStringAsync();
        Assert.True(records.StatusCode == HttpStatusCode.OK, text);
        JsonElement tierRecord = JsonDocument.Parse(text).RootElement.GetProperty("records").EnumerateArray()
            .Single(r => r.GetProperty("kind").GetString() == "approval-tier").GetProperty("record");
        string recorded = tierRecord.GetRawText();
        Assert.Contains("not-a-member", recorded, StringComparison.Ordinal);
        Assert.Contains(Upn("heidi"), recorded, StringComparison.Ordinal);
    }
}
