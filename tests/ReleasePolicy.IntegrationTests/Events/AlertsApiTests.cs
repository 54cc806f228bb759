using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReleasePolicy.Deployment.Events;
using ReleasePolicy.IntegrationTests.Infrastructure;

namespace ReleasePolicy.IntegrationTests.Events;

/// <summary>
/// <c>POST /api/alerts</c> as an action group calls it (the key in <c>code</c>, the fixtures as they are), and alerts
/// carried inside Event Grid deliveries. This host's policy has no monitoring section, so no alert maps to a release:
/// every valid alert is kept as unmatched.
/// </summary>
public sealed class AlertsApiTests(SharedHost shared) : IClassFixture<SharedHost>
{
    private InProcessHost Host => shared.Host;

    [Theory]
    [InlineData("metric-alert-fired.json")]
    [InlineData("log-alert-resolved.json")]
    public async Task Alert_FixtureAsIs_IsAcceptedAndARetryIsADuplicate(string fixture)
    {
        byte[] body = EventFixtures.Read(Path.Combine("azure-monitor", fixture));
        string alertId = JsonNode.Parse(body)!["data"]!["essentials"]!["alertId"]!.GetValue<string>();

        JsonElement first = await this.PostAlertAsync(body);
        JsonElement retry = await this.PostAlertAsync(body);

        // Fixtures are shared by the tests on this host: the first post of a fixture here may already have been made.
        Assert.Equal(1, first.GetProperty("unmatched").GetInt32() + first.GetProperty("duplicates").GetInt32());
        Assert.Equal((0, 1), (retry.GetProperty("accepted").GetInt32(), retry.GetProperty("duplicates").GetInt32()));
        JsonElement unmatched = await this.UnmatchedAsync();
        JsonElement kept = Assert.Single(unmatched.GetProperty("events").EnumerateArray(), e => e.GetProperty("dataExcerpt").GetString()!.Contains(alertId, StringComparison.Ordinal));
        Assert.Equal(("Microsoft.Insights.AzureMonitorAlert", "azure-monitor", "azureMonitorAlert"), (kept.GetProperty("type").GetString(), kept.GetProperty("source").GetString(), kept.GetProperty("schema").GetString()));
        Assert.StartsWith("alert-", kept.GetProperty("id").GetString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> MalformedAlerts() => new()
    {
        { """{"schemaId":"azureMonitorCommonAlertSchema","data":{"essentials":{"severity":"Sev1","monitorCondition":"Fired"}}}""", "data.essentials.alertId" },
        { """{"schemaId":"azureMonitorCommonAlertSchema","data":{"essentials":{"alertId":"a","severity":"Critical","monitorCondition":"Fired"}}}""", "data.essentials.severity" },
        { """{"schemaId":"azureMonitorCommonAlertSchema","data":{"essentials":{"alertId":"a","severity":"Sev1","monitorCondition":"Acknowledged"}}}""", "data.essentials.monitorCondition" },
        { """{"data":{"essentials":{"alertId":"a","severity":"Sev1","monitorCondition":"Fired"}}}""", "schemaId" },
        { """{"specversion":"1.0","type":"x","source":"/s","id":"1"}""", "schemaId" },
    };

    [Theory]
    [MemberData(nameof(MalformedAlerts))]
    public async Task Alert_Malformed_Is400NamingTheFieldAndWritesNothing(string body, string field)
    {
        string marker = "malformed-" + Guid.NewGuid().ToString("N");
        using HttpResponseMessage response = await this.Host.Api.Http.PostAsync(
            "/api/alerts",
            new StringContent(body.Replace("\"alertId\":\"a\"", $"\"alertId\":\"{marker}\"", StringComparison.Ordinal), Encoding.UTF8, "application/json"));

        JsonElement problem = await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(field, problem.GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.DoesNotContain(marker, (await this.UnmatchedAsync()).GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alert_InsideACloudEventNamingARelease_IsMatchedOnlyByTheAlertMappings()
    {
        // A release of ours (in approval): an ordinary event with its id in the subject is recorded on it.
        using HttpResponseMessage submitted = await this.Host.Api.SubmitAsync(ReleaseApiClient.PatchRequest(version: "3.1.4"), "alerts-inside-" + Guid.NewGuid().ToString("N"));
        string id = JsonDocument.Parse(await submitted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        string eventId = EventGridDeliveryTests.NewId();
        var cloudEvent = new JsonObject
        {
            ["specversion"] = "1.0",
            ["type"] = "Microsoft.Insights.MetricAlert",
            ["source"] = "/subscriptions/00000000-0000-0000-0000-000000000000/alerts",
            ["id"] = eventId,
            ["subject"] = $"releases/{id}",
            ["data"] = JsonNode.Parse(EventFixtures.Read(Path.Combine("azure-monitor", "metric-alert-fired.json"))),
        };

        using HttpResponseMessage response = await this.Host.Api.Http.PostAsync(
            "/api/events", new StringContent(cloudEvent.ToJsonString(), Encoding.UTF8, "application/cloudevents+json"));

        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.Equal(1, JsonDocument.Parse(text).RootElement.GetProperty("unmatched").GetInt32());
        Assert.Equal(["id", TableEventLedger.UnmatchedPartition], await EventsTable.PartitionsHoldingAsync(this.Host.Settings, eventId));
    }

    [Fact]
    public async Task Alert_KeyInCode_IsAdmittedAsAnActionGroupSendsIt()
    {
        using var anonymous = new HttpClient { BaseAddress = this.Host.App.BaseAddress };
        var content = new ByteArrayContent(EventFixtures.Read(Path.Combine("azure-monitor", "metric-alert-fired.json")));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        using HttpResponseMessage response = await anonymous.PostAsync("/api/alerts?code=" + Uri.EscapeDataString(this.Host.Settings.FunctionKey), content);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> PostAlertAsync(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using HttpResponseMessage response = await this.Host.Api.Http.PostAsync("/api/alerts", content);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<JsonElement> UnmatchedAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/events/unmatched?limit=1000").AsAdmin(this.Host.Settings);
        using HttpResponseMessage response = await this.Host.Api.Http.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
