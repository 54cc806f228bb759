using System.Net;
using System.Text.Json;
using Azure;
using Azure.Messaging.EventGrid;
using Microsoft.Extensions.Logging;
using ReleasePolicy.Deployment.Events;
using ReleasePolicy.IntegrationTests.Infrastructure;
using ReleasePolicy.Testing;

namespace ReleasePolicy.IntegrationTests.Events;

/// <summary>
/// Alerts matched by the active policy's <c>monitoring.alerts</c>: the shared fixtures, posted as they are, map (by custom
/// properties and by configuration item) to catalog-web in staging, whose release is in its deployment stage.
/// </summary>
public sealed class AlertMatchingTests
{
    /// <summary>Staging watched; the fixtures' checkout alerts stand for catalog-web in staging.</summary>
    private const string Monitoring = """
        monitoring:
          environments: [staging]
          startTimeout: PT1H
          rollbackWaitLimit: P1D
          notify: { support: [customer-support], escalation: [incident-commanders] }
          incidents: { rootCauseAnalysisRequired: false, exemptReleaseTypes: [emergency] }
          profiles:
            - name: standard
              bakeTime: PT30M
              maxSampleGap: PT5M
              alertSeverities: [Sev0, Sev1]
          alerts:
            - service: catalog-web
              environment: staging
              customProperties: { service: checkout, environment: prod }
            - service: catalog-web
              environment: staging
              configurationItems: [appi-checkout-prod]
        """;

    [Fact]
    public async Task Alerts_MappedByTheActivePolicy_MatchTheDeployingReleaseAndAreRaised()
    {
        var logs = new CapturedLogs();
        HostSettings settings = await HostSettings.CreateAsync(bakeTime: TimeSpan.FromSeconds(60)) with { SeedPolicyText = TestPolicies.WithMonitoring(Monitoring) };
        await using InProcessHost host = await InProcessHost.StartAsync(settings, builder =>
        {
            builder.Logging.AddFilter("ReleasePolicy.Deployment.Events", LogLevel.Information);
            builder.Logging.AddProvider(logs);
        });
        object request = new
        {
            service = "catalog-web",
            version = "8.1.0",
            environment = "staging",
            type = "patch",
            requestedBy = "dave",
            changeSummary = "Faster product pages",
            evidence = ReleaseApiClient.GoodEvidence(DateTimeOffset.UtcNow),
        };
        using HttpResponseMessage submitted = await host.Api.SubmitAsync(request, "alert-match-1");
        string submittedText = await submitted.Content.ReadAsStringAsync();
        Assert.True(submitted.StatusCode == HttpStatusCode.Accepted, submittedText);
        string id = JsonDocument.Parse(submittedText).RootElement.GetProperty("id").GetString()!;
        await host.Api.ApproveAllAsync(id);
        await host.Api.WaitForAsync(id, r => r.GetProperty("stage").GetString() == "deployment");

        JsonElement fired = await PostAlertAsync(host, "metric-alert-fired.json");
        JsonElement resolved = await PostAlertAsync(host, "log-alert-resolved.json");
        string inEventGrid = EventGridDeliveryTests.NewId();
        var publisher = new EventGridPublisherClient(new Uri(host.App.BaseAddress, "/api/events?code=" + Uri.EscapeDataString(host.Settings.FunctionKey)), new AzureKeyCredential("unused"));
        await publisher.SendEventAsync(new EventGridEvent("checkout/alerts", "Microsoft.Insights.MetricAlertFired", "1.0", BinaryData.FromBytes(EventFixtures.Read(Path.Combine("azure-monitor", "metric-alert-fired.json")))) { Id = inEventGrid });
        JsonElement unmapped = await PostAlertAsync(host, "metric-alert-fired.json", edit: text => text
            .Replace("\"service\": \"checkout\"", "\"service\": \"search\"", StringComparison.Ordinal)
            .Replace("app-checkout-prod\" ]", "app-search-prod\" ]", StringComparison.Ordinal)
            .Replace("3e9d5c1a", "4f0e6d2b", StringComparison.Ordinal));

        Assert.Equal((1, 0), (fired.GetProperty("matched").GetInt32(), fired.GetProperty("unmatched").GetInt32()));
        Assert.Equal(1, resolved.GetProperty("matched").GetInt32());
        Assert.Equal(1, unmapped.GetProperty("unmatched").GetInt32());
        Assert.Equal(["id", TableEventLedger.ReleasePartition(id)], await EventsTable.PartitionsHoldingAsync(host.Settings, inEventGrid));
        Assert.Equal(3, logs.Entries.Count(e => e.Contains($"raised to release {id}", StringComparison.Ordinal) && e.Contains("(Microsoft.Insights.", StringComparison.Ordinal)));
        JsonElement listed = JsonDocument.Parse(await host.Api.Http.GetStringAsync($"/api/releases/{id}/signals")).RootElement;
        Assert.Equal(["alert", "alert", "alert"], listed.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("matchedBy").GetString()));
        Assert.Equal(
            ["checkout-prod-http5xx", "checkout-prod-exceptions", "checkout/alerts"],
            listed.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("subject").GetString()));
    }

    private static async Task<JsonElement> PostAlertAsync(InProcessHost host, string fixture, Func<string, string>? edit = null)
    {
        byte[] bytes = EventFixtures.Read(Path.Combine("azure-monitor", fixture));
        var content = new ByteArrayContent(edit is null ? bytes : System.Text.Encoding.UTF8.GetBytes(edit(System.Text.Encoding.UTF8.GetString(bytes))));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using HttpResponseMessage response = await host.Api.Http.PostAsync("/api/alerts", content);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
