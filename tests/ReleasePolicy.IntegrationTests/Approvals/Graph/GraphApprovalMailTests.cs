using System.Text.Json;
using ReleasePolicy.IntegrationTests.Infrastructure.GraphStub;
using static ReleasePolicy.IntegrationTests.Approvals.Graph.SampleTenant;

namespace ReleasePolicy.IntegrationTests.Approvals.Graph;

/// <summary>Approval mails through the real Graph SDK: exactly the approvers Graph resolves, each with their own link.</summary>
public sealed class GraphApprovalMailTests
{
    [Fact]
    public async Task PeerRouteRelease_MailsExactlyTheSeniorEngineersResolvedThroughGraph_NotTheRequester()
    {
        await using GraphApprovalHost graph = await GraphApprovalHost.StartAsync();

        // The requester is in the approver group too: Graph lists her, segregation of duties must leave her out.
        graph.Stub.AddMember("senior-engineers", Upn("alice"));
        string id = await graph.SubmitAsync(GraphApprovalHost.PeerPatch(Upn("alice")), "graph-peer-1");

        IReadOnlyList<StubSentMail> mails = await graph.WaitForMailsAsync(m => m.Count >= 3);
        JsonElement waiting = await graph.Api.WaitForAsync(id, r => r.TryGetProperty("approvals", out JsonElement a) && a.GetArrayLength() == 1);
        Assert.Equal("approval", waiting.GetProperty("stage").GetString());

        // Nothing more goes out once the tier is open (the sample's SLAs are hours long).
        await Task.Delay(TimeSpan.FromSeconds(1));
        mails = graph.SentMails;
        Assert.Equal(3, mails.Count);
        Assert.Equal(
            [Mail("carol"), Mail("grace"), Mail("heidi")],
            mails.Select(m => Assert.Single(m.To)).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(mails, m => m.To.Contains(Mail("alice")));
        Assert.All(mails, m =>
        {
            Assert.Equal(Sender, m.Sender);
            Assert.Equal("html", m.ContentType, ignoreCase: true);
            Assert.Contains("payments-api", m.Subject, StringComparison.Ordinal);
            Assert.StartsWith(graph.Host.App.BaseAddress.AbsoluteUri + "api/approvals/", GraphApprovalHost.LinkOf(m).AbsoluteUri, StringComparison.Ordinal);
        });
        Assert.Equal(3, mails.Select(GraphApprovalHost.LinkOf).Distinct().Count());

        // The tier records who was asked (UPNs) and who was left out, and why.
        JsonElement tier = GraphApprovalHost.FirstTier(waiting);
        Assert.Equal([Upn("carol"), Upn("grace"), Upn("heidi")], tier.GetProperty("notified").EnumerateArray().Select(p => p.GetString()!).Order(StringComparer.Ordinal));
        Assert.Contains(tier.GetProperty("excluded").EnumerateArray(), e => e.GetProperty("person").GetString() == Upn("alice"));

        // The stub saw the SDK resolve the group transitively and send from the configured mailbox.
        string[] calls = graph.Stub.Requests.Select(r => r.Method + " " + Uri.UnescapeDataString(r.PathAndQuery)).ToArray();
        Assert.Contains(calls, c => c.StartsWith("GET /v1.0/groups?", StringComparison.Ordinal) && c.Contains("mailNickname eq 'senior-engineers'", StringComparison.Ordinal));
        Assert.Contains(calls, c => c.StartsWith("GET /v1.0/groups/", StringComparison.Ordinal) && c.Contains("/transitiveMembers/", StringComparison.Ordinal));
        Assert.Equal(3, calls.Count(c => c == $"POST /v1.0/users/{Sender}/sendMail"));
        Assert.All(graph.Stub.Requests, r => Assert.Equal("Bearer " + GraphStubServer.Token, r.Headers["authorization"]));
    }
}
