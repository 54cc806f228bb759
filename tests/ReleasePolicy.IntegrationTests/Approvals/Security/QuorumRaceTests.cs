using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using ReleasePolicy.Approvals;
using ReleasePolicy.Evidence;
using ReleasePolicy.IntegrationTests.Infrastructure;

namespace ReleasePolicy.IntegrationTests.Approvals.Security;

/// <summary>
/// Three peers click at the same moment on a 2-of-3 quorum, over HTTP on the local host: exactly two approvals are
/// counted, the third is refused, and the orchestration is told once (one raised event in its durable history, one
/// tier record, one approval decision) and moves on.
/// </summary>
public sealed class QuorumRaceTests
{
    private const int Rounds = 3;

    [Fact]
    public async Task ThreeApproversClickingAtOnce_OnTwoOfThree_CountTwoAndResumeTheOrchestrationOnce()
    {
        await using InProcessHost host = await InProcessHost.StartAsync();
        using var driver = new ApprovalDriver(host.App.BaseAddress);
        for (var round = 0; round < Rounds; round++)
        {
            PeerReleaseScenario scenario = await PeerReleaseScenario.SubmitAsync(host, driver, $"8.0.{round}");
            string instanceId = (await scenario.TierAsync()).GetProperty("instanceId").GetString()!;

            (HttpStatusCode Status, string Body)[] answers = await RaceAsync(host, new[] { "grace", "heidi", "carol" }.Select(scenario.LinkFor).ToArray());

            Assert.True(answers.Count(a => a.Status == HttpStatusCode.OK) == 2, $"round {round}: {string.Join(" | ", answers.Select(a => $"{(int)a.Status} {a.Body}"))}");
            (HttpStatusCode status, string body) = Assert.Single(answers, a => a.Status != HttpStatusCode.OK);
            Assert.Equal(HttpStatusCode.Conflict, status);
            Assert.Equal(RefusalCodes.TierClosed, JsonDocument.Parse(body).RootElement.GetProperty("errors")[0].GetProperty("reason").GetString());
            Assert.Single(answers, a => a.Status == HttpStatusCode.OK && a.Body.Contains("\"decided\"", StringComparison.Ordinal));

            JsonElement done = await host.Api.WaitForAsync(scenario.ReleaseId, r => r.GetProperty("stage").GetString() is not ("readiness" or "approval"));
            Assert.NotEqual("rejected", done.GetProperty("status").GetString());
            JsonElement tier = done.GetProperty("approvals")[0];
            Assert.Equal(2, tier.GetProperty("votes").GetArrayLength());
            Assert.Single(tier.GetProperty("refusals").EnumerateArray().ToArray(), r => r.GetProperty("code").GetString() == RefusalCodes.TierClosed);

            JsonElement tierRecord = await scenario.WaitForEvidenceAsync(EvidenceKinds.ApprovalTier);
            Assert.Equal(2, RefusalEvidenceTests.TierOf(tierRecord).GetProperty("votes").GetArrayLength());
            Assert.Single(await scenario.WaitForEvidenceRecordsAsync(EvidenceKinds.Approval, 1));
            Assert.Equal(1, await RaisedEventsAsync(host, instanceId, TierDecided.EventName(0)));
        }
    }

    [Fact]
    public async Task OneLinkClickedFiveTimesAtOnce_CountsOnce_AndEveryOtherClickIs409()
    {
        await using InProcessHost host = await InProcessHost.StartAsync();
        using var driver = new ApprovalDriver(host.App.BaseAddress);
        PeerReleaseScenario scenario = await PeerReleaseScenario.SubmitAsync(host, driver, "8.1.0");

        (HttpStatusCode Status, string Body)[] answers = await RaceAsync(host, Enumerable.Repeat(scenario.LinkFor("grace"), 5).ToArray());

        Assert.Single(answers, a => a.Status == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a.Status != HttpStatusCode.OK), a =>
        {
            Assert.Equal(HttpStatusCode.Conflict, a.Status);
            string? code = JsonDocument.Parse(a.Body).RootElement.GetProperty("errors")[0].GetProperty("reason").GetString();
            Assert.Contains(code, new[] { RefusalCodes.AlreadyAnswered, RefusalCodes.TokenUsed });
        });
        Assert.Equal(["grace"], await scenario.VotersAsync());
        Assert.Equal(4, (await scenario.TierAsync()).GetProperty("refusals").EnumerateArray().Count(r => r.GetProperty("person").GetString() == "grace"));
    }

    /// <summary>Posts every link's approval on its own connection, all released at the same instant.</summary>
    private static async Task<(HttpStatusCode, string)[]> RaceAsync(InProcessHost host, Uri[] links)
    {
        using var start = new ManualResetEventSlim();
        HttpClient[] clients = links.Select(_ => new HttpClient { BaseAddress = host.App.BaseAddress }).ToArray();
        try
        {
            Task<(HttpStatusCode, string)>[] racing = links.Select((link, i) => Task.Run(async () =>
            {
                using HttpRequestMessage request = PeerReleaseScenario.JsonAnswer(link, "approve");
                start.Wait();
                using HttpResponseMessage response = await clients[i].SendAsync(request);
                return (response.StatusCode, await response.Content.ReadAsStringAsync());
            })).ToArray();
            await Task.Delay(100);
            start.Set();
            return await Task.WhenAll(racing);
        }
        finally
        {
            foreach (HttpClient client in clients)
            {
                client.Dispose();
            }
        }
    }

    /// <summary>
    /// How many times <paramref name="name"/> was raised on the instance, read from the durable history table of the
    /// Azure Storage provider (the client API of this Durable Task version does not expose history).
    /// </summary>
    private static async Task<int> RaisedEventsAsync(InProcessHost host, string instanceId, string name)
    {
        var history = new TableClient(host.Settings.StorageConnectionString, host.Settings.TaskHub + "History");
        var count = 0;
        await foreach (TableEntity row in history.QueryAsync<TableEntity>(e => e.PartitionKey == instanceId))
        {
            if (row.GetString("EventType") == "EventRaised" && row.GetString("Name") == name)
            {
                count++;
            }
        }

        return count;
    }
}
