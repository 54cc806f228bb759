using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Messaging.EventGrid;
using Microsoft.Extensions.Logging;
using ReleasePolicy.Deployment.Events;
using ReleasePolicy.IntegrationTests.Infrastructure;

namespace ReleasePolicy.IntegrationTests.Events;

/// <summary>
/// Which release an event is about, on a real release: by its deployment (service, version, environment) while it is in
/// its deployment stage, by our id in the subject, and after it finished, when the event is recorded and the release
/// stays exactly as it was.
/// </summary>
public sealed class EventMatchingTests
{
    [Fact]
    public async Task Events_DuringDeploymentAndAfterFinish_MatchTheReleaseAndNeverChangeAFinishedOne()
    {
        // The deployment stage bakes long enough to deliver events inside it.
        var logs = new CapturedLogs();
        await using InProcessHost host = await InProcessHost.StartAsync(await HostSettings.CreateAsync(bakeTime: TimeSpan.FromSeconds(15)), builder =>
        {
            // What the processor did with each event (raised, or recorded only) is what the log says.
            builder.Logging.AddFilter("ReleasePolicy.Deployment.Events", LogLevel.Information);
            builder.Logging.AddProvider(logs);
        });
        using HttpResponseMessage submitted = await host.Api.SubmitAsync(ReleaseApiClient.PatchRequest(service: "orders-api"), "events-match-1");
        string id = JsonDocument.Parse(await submitted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        await host.Api.ApproveAllAsync(id);
        JsonElement deploying = await host.Api.WaitForAsync(id, r => r.GetProperty("stage").GetString() == "deployment");
        var deployment = new
        {
            service = deploying.GetProperty("service").GetString(),
            version = deploying.GetProperty("version").GetString(),
            environment = deploying.GetProperty("environment").GetString(),
        };

        string byDeployment = EventGridDeliveryTests.NewId();
        JsonElement first = await PostAsync(host, Cloud(byDeployment, "deployments/orders-api", deployment));
        string bySubject = EventGridDeliveryTests.NewId();
        await Publisher(host).SendEventAsync(new EventGridEvent($"releases/{id}/health", "ReleasePolicy.Health.Sample", "1.0", new { errorRatePercent = 0.1 }) { Id = bySubject });

        Assert.Equal(1, first.GetProperty("matched").GetInt32());
        Assert.Equal(["id", TableEventLedger.ReleasePartition(id)], await EventsTable.PartitionsHoldingAsync(host.Settings, byDeployment));
        Assert.Equal(["id", TableEventLedger.ReleasePartition(id)], await EventsTable.PartitionsHoldingAsync(host.Settings, bySubject));
        Assert.Contains(logs.Entries, e => e.Contains($"Event {byDeployment} (ReleasePolicy.Deployment.Started) raised to release {id}", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.Contains($"Event {bySubject} (ReleasePolicy.Health.Sample) raised to release {id}", StringComparison.Ordinal));

        // Finished: an event naming it is recorded on it, one naming its deployment matches nothing, and it stays as it was.
        await host.Api.WaitForAsync(id, r => r.GetProperty("runtimeStatus").GetString() == "Completed", TimeSpan.FromSeconds(120));
        string before = (await host.Api.GetReleaseAsync(id)).GetRawText();
        string late = EventGridDeliveryTests.NewId();
        JsonElement lateSummary = await PostAsync(host, Cloud(late, $"releases/{id}", new { outcome = "rolledBack" }));
        string lateDeployment = EventGridDeliveryTests.NewId();
        JsonElement lateDeploymentSummary = await PostAsync(host, Cloud(lateDeployment, "deployments/orders-api", deployment));

        Assert.Equal((1, 1), (lateSummary.GetProperty("accepted").GetInt32(), lateSummary.GetProperty("matched").GetInt32()));
        Assert.Equal(["id", TableEventLedger.ReleasePartition(id)], await EventsTable.PartitionsHoldingAsync(host.Settings, late));
        Assert.Equal(1, lateDeploymentSummary.GetProperty("unmatched").GetInt32());
        Assert.Contains(logs.Entries, e => e.Contains($"Event {late} (ReleasePolicy.Deployment.Started) is for release {id}, which is not deploying (stage Done)", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Contains($"Event {late} (ReleasePolicy.Deployment.Started) raised", StringComparison.Ordinal));
        Assert.Equal(before, (await host.Api.GetReleaseAsync(id)).GetRawText());
    }

    [Fact]
    public async Task Event_ForAReleaseStillInApproval_IsRecordedOnItButNotRaised()
    {
        var logs = new CapturedLogs();
        await using InProcessHost host = await InProcessHost.StartAsync(await HostSettings.CreateAsync(), builder =>
        {
            builder.Logging.AddFilter("ReleasePolicy.Deployment.Events", LogLevel.Information);
            builder.Logging.AddProvider(logs);
        });
        using HttpResponseMessage submitted = await host.Api.SubmitAsync(ReleaseApiClient.PatchRequest(), "events-early-1");
        string id = JsonDocument.Parse(await submitted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        await host.Api.WaitForAsync(id, r => r.GetProperty("stage").GetString() == "approval");

        string early = EventGridDeliveryTests.NewId();
        JsonElement summary = await PostAsync(host, Cloud(early, $"releases/{id}", new { note = "too early" }));

        Assert.Equal(1, summary.GetProperty("matched").GetInt32());
        Assert.Equal(["id", TableEventLedger.ReleasePartition(id)], await EventsTable.PartitionsHoldingAsync(host.Settings, early));
        Assert.Contains(logs.Entries, e => e.Contains($"Event {early} (ReleasePolicy.Deployment.Started) is for release {id}, which is not deploying (stage Approval)", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Contains($"Event {early} (ReleasePolicy.Deployment.Started) raised", StringComparison.Ordinal));
    }

    private static string Cloud(string eventId, string subject, object data) => JsonSerializer.Serialize(new
    {
        specversion = "1.0",
        type = "ReleasePolicy.Deployment.Started",
        source = "/pipelines/orders",
        id = eventId,
        subject,
        datacontenttype = "application/json",
        data,
    });

    private static async Task<JsonElement> PostAsync(InProcessHost host, string cloudEvent)
    {
        var content = new StringContent(cloudEvent, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/cloudevents+json; charset=utf-8");
        using HttpResponseMessage response = await host.Api.Http.PostAsync("/api/events", content);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static EventGridPublisherClient Publisher(InProcessHost host) =>
        new(new Uri(host.App.BaseAddress, "/api/events?code=" + Uri.EscapeDataString(host.Settings.FunctionKey)), new AzureKeyCredential("unused"));
}
