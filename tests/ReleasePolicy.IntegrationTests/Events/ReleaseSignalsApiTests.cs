using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ReleasePolicy.Deployment.Events;
using ReleasePolicy.IntegrationTests.Infrastructure;

namespace ReleasePolicy.IntegrationTests.Events;

/// <summary>
/// <c>POST</c> and <c>GET /api/releases/{id}/signals</c> on a real orders-api release (rollback owner: carol), while it is
/// in its deployment stage and after it finished. carol and dave call with personal keys (kind Person, no roles).
/// </summary>
public sealed class ReleaseSignalsApiTests
{
    private readonly string carolKey = "carol-key-" + Guid.NewGuid().ToString("N");
    private readonly string daveKey = "dave-key-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Signals_ForADeployingRelease_AreAuthorizedRecordedRaisedOnceAndListedAndRefusedAfterItFinished()
    {
        var logs = new CapturedLogs();
        await using InProcessHost host = await this.StartAsync(logs, TimeSpan.FromSeconds(20));
        using HttpResponseMessage submitted = await host.Api.SubmitAsync(ReleaseApiClient.PatchRequest(service: "orders-api", version: "5.0.1"), "signals-api-1");
        string id = JsonDocument.Parse(await submitted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        await host.Api.ApproveAllAsync(id);
        await host.Api.WaitForAsync(id, r => r.GetProperty("stage").GetString() == "deployment");

        // The pipeline reports its start: accepted and raised; the same id again is a duplicate with no second effect.
        JsonElement started = await this.PostAsync(host, id, host.Settings.FunctionKey, new { id = "start-1", type = "ReleasePolicy.Deployment.Started", time = "2026-12-01T10:00:00Z", data = new { buildId = "42" } }, HttpStatusCode.Accepted);
        JsonElement again = await this.PostAsync(host, id, host.Settings.FunctionKey, new { id = "start-1", type = "ReleasePolicy.Deployment.Started" }, HttpStatusCode.OK);

        // carol owns orders-api's rollback: her manual rollback is raised with her name; dave's and the pipeline's are refused.
        JsonElement rollback = await this.PostAsync(host, id, this.carolKey, new { id = "rb-1", type = "ReleasePolicy.Deployment.ManualRollback", data = new { reason = "checkout errors" } }, HttpStatusCode.Accepted);
        JsonElement byDave = await this.RefusedAsync(host, id, this.daveKey, new { id = "rb-2", type = "ReleasePolicy.Deployment.ManualRollback" }, HttpStatusCode.Forbidden);
        JsonElement byPipeline = await this.RefusedAsync(host, id, host.Settings.FunctionKey, new { id = "rb-3", type = "ReleasePolicy.Deployment.ManualRollback" }, HttpStatusCode.Forbidden);
        JsonElement sampleByCarol = await this.RefusedAsync(host, id, this.carolKey, new { id = "hs-1", type = "ReleasePolicy.Health.Sample" }, HttpStatusCode.Forbidden);

        // The same manual rollback through the webhook is recorded and raised, but never carries an authorized person.
        string webhookRollback = EventGridDeliveryTests.NewId();
        using (HttpResponseMessage delivered = await host.Api.PostRawAsync(
            "/api/events",
            JsonSerializer.Serialize(new { specversion = "1.0", type = "ReleasePolicy.Deployment.ManualRollback", source = "/pipelines/orders", id = webhookRollback, subject = $"releases/{id}", data = new { requestedBy = "carol" } }),
            "application/cloudevents+json"))
        {
            Assert.True(delivered.StatusCode == HttpStatusCode.OK, await delivered.Content.ReadAsStringAsync());
        }

        Assert.Equal(("start-1", id, false, true), (started.GetProperty("eventId").GetString(), started.GetProperty("releaseId").GetString(), started.GetProperty("duplicate").GetBoolean(), started.GetProperty("raised").GetBoolean()));
        Assert.Equal((true, false), (again.GetProperty("duplicate").GetBoolean(), again.GetProperty("raised").GetBoolean()));
        Assert.Single(logs.Entries, e => e.Contains($"Event start-1 (ReleasePolicy.Deployment.Started) raised to release {id}", StringComparison.Ordinal));
        Assert.True(rollback.GetProperty("raised").GetBoolean());
        Assert.Contains(logs.Entries, e => e.Contains($"Event rb-1 (ReleasePolicy.Deployment.ManualRollback) raised to release {id} (authorized person: carol)", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.Contains($"Event {webhookRollback} (ReleasePolicy.Deployment.ManualRollback) raised to release {id} (authorized person: nobody)", StringComparison.Ordinal));
        Assert.Contains("carol", byDave.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("pipeline", byPipeline.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("release.signal", sampleByCarol.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await EventsTable.PartitionsHoldingAsync(host.Settings, "rb-2"));

        JsonElement listed = await ListAsync(host, id);
        Assert.Equal(["start-1", "rb-1", webhookRollback], listed.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetString()));
        Assert.Equal(["releasesApi", "releasesApi", "releaseId"], listed.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("matchedBy").GetString()));
        Assert.Equal(["releases-api:local-pipeline", "releases-api:carol", "/pipelines/orders"], listed.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("source").GetString()));

        // Finished: a signal is refused with 409 and nothing is written; the release stays as it was.
        await host.Api.WaitForAsync(id, r => r.GetProperty("runtimeStatus").GetString() == "Completed", TimeSpan.FromSeconds(120));
        string before = (await host.Api.GetReleaseAsync(id)).GetRawText();
        JsonElement late = await this.RefusedAsync(host, id, host.Settings.FunctionKey, new { id = "late-1", type = "ReleasePolicy.Deployment.Succeeded" }, HttpStatusCode.Conflict);

        Assert.Contains("not recorded", late.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await EventsTable.PartitionsHoldingAsync(host.Settings, "late-1"));
        Assert.Equal(3, (await ListAsync(host, id)).GetProperty("events").GetArrayLength());
        Assert.Equal(before, (await host.Api.GetReleaseAsync(id)).GetRawText());
    }

    [Fact]
    public async Task Signals_UnknownReleaseBadBodyOrLimit_AreProblemsAndWriteNothing()
    {
        await using InProcessHost host = await this.StartAsync(new CapturedLogs(), TimeSpan.Zero);
        using HttpResponseMessage submitted = await host.Api.SubmitAsync(ReleaseApiClient.PatchRequest(version: "5.0.2"), "signals-api-2");
        string id = JsonDocument.Parse(await submitted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;

        JsonElement unknown = await this.RefusedAsync(host, "rel-00000000000000000000000000000000", host.Settings.FunctionKey, new { id = "u-1", type = "ReleasePolicy.Deployment.Started" }, HttpStatusCode.NotFound);
        await this.RefusedAsync(host, "not-an-id", host.Settings.FunctionKey, new { id = "u-2", type = "ReleasePolicy.Deployment.Started" }, HttpStatusCode.NotFound);
        JsonElement extra = await this.RefusedAsync(host, id, host.Settings.FunctionKey, new { id = "u-3", type = "ReleasePolicy.Deployment.Started", releaseId = id }, HttpStatusCode.BadRequest);
        JsonElement alert = await this.RefusedAsync(host, id, host.Settings.FunctionKey, new { id = "u-4", type = "Microsoft.Insights.AzureMonitorAlert" }, HttpStatusCode.BadRequest);
        using HttpResponseMessage badLimit = await host.Api.Http.GetAsync($"/api/releases/{id}/signals?limit=1001");
        using HttpResponseMessage unknownList = await host.Api.Http.GetAsync("/api/releases/rel-00000000000000000000000000000000/signals");

        Assert.Contains("rel-00000000000000000000000000000000", unknown.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("releaseId", extra.GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Equal("type", alert.GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Equal("limit", (await Problems.AssertProblemAsync(badLimit, HttpStatusCode.BadRequest)).GetProperty("errors")[0].GetProperty("field").GetString());
        await Problems.AssertProblemAsync(unknownList, HttpStatusCode.NotFound);
        foreach (string eventId in new[] { "u-1", "u-2", "u-3", "u-4" })
        {
            Assert.Empty(await EventsTable.PartitionsHoldingAsync(host.Settings, eventId));
        }

        Assert.Equal(0, (await ListAsync(host, id)).GetProperty("events").GetArrayLength());
    }

    private async Task<InProcessHost> StartAsync(CapturedLogs logs, TimeSpan bakeTime)
    {
        HostSettings settings = await HostSettings.CreateAsync(bakeTime) with
        {
            Extra = new Dictionary<string, string?>
            {
                // Personal keys: people with no roles at all (a manual rollback needs none; pipeline signals need release.signal).
                ["ReleasePolicy:ApiKeys:carol:Secret"] = this.carolKey,
                ["ReleasePolicy:ApiKeys:carol:Principal"] = "carol",
                ["ReleasePolicy:ApiKeys:carol:Kind"] = "Person",
                ["ReleasePolicy:ApiKeys:dave:Secret"] = this.daveKey,
                ["ReleasePolicy:ApiKeys:dave:Principal"] = "dave",
                ["ReleasePolicy:ApiKeys:dave:Kind"] = "Person",
            },
        };
        return await InProcessHost.StartAsync(settings, builder =>
        {
            builder.Logging.AddFilter("ReleasePolicy.Deployment.Events", LogLevel.Information);
            builder.Logging.AddProvider(logs);
        });
    }

    private async Task<JsonElement> PostAsync(InProcessHost host, string id, string key, object body, HttpStatusCode expected)
    {
        using HttpResponseMessage response = await Send(host, id, key, body);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<JsonElement> RefusedAsync(InProcessHost host, string id, string key, object body, HttpStatusCode expected)
    {
        using HttpResponseMessage response = await Send(host, id, key, body);
        return await Problems.AssertProblemAsync(response, expected);
    }

    private static Task<HttpResponseMessage> Send(InProcessHost host, string id, string key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/releases/{id}/signals") { Content = JsonContent.Create(body) };
        return host.Api.Http.SendAsync(request.WithKey(key));
    }

    private static async Task<JsonElement> ListAsync(InProcessHost host, string id)
    {
        using HttpResponseMessage response = await host.Api.Http.GetAsync($"/api/releases/{id}/signals");
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
