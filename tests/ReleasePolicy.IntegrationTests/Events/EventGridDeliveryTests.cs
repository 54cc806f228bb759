using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Azure;
using Azure.Messaging;
using Azure.Messaging.EventGrid;
using Microsoft.Extensions.DependencyInjection;
using ReleasePolicy.Deployment.Events;
using ReleasePolicy.IntegrationTests.Infrastructure;

namespace ReleasePolicy.IntegrationTests.Events;

/// <summary>
/// The webhook as Event Grid uses it: deliveries published with the real <see cref="EventGridPublisherClient"/> (both
/// schemas, single and batched, the key in <c>code</c>), redeliveries, both handshakes, the shared fixtures byte for
/// byte, and bodies that are not event deliveries.
/// </summary>
public sealed class EventGridDeliveryTests(SharedHost shared) : IClassFixture<SharedHost>
{
    private InProcessHost Host => shared.Host;

    [Fact]
    public async Task PublishEventGridSchema_SingleAndBatch_AreAcceptedAndKeptAsUnmatched()
    {
        string[] ids = [NewId(), NewId(), NewId()];
        EventGridPublisherClient publisher = this.Publisher();

        await publisher.SendEventAsync(GridEvent(ids[0]));
        await publisher.SendEventsAsync([GridEvent(ids[1]), GridEvent(ids[2])]);

        foreach (string id in ids)
        {
            Assert.Equal(["id", "unmatched"], await EventsTable.PartitionsHoldingAsync(this.Host.Settings, id));
        }

        JsonElement unmatched = await this.UnmatchedAsync();
        Assert.Equal(ids.Reverse(), unmatched.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetString()).Where(ids.Contains));
        JsonElement first = unmatched.GetProperty("events").EnumerateArray().Single(e => e.GetProperty("id").GetString() == ids[0]);
        Assert.Equal("ReleasePolicy.Deployment.Started", first.GetProperty("type").GetString());
        Assert.Equal("eventGrid", first.GetProperty("schema").GetString(), ignoreCase: true);
        Assert.Contains("nowhere-api", first.GetProperty("dataExcerpt").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishCloudEvents_SingleAndBatch_AreAcceptedAndKeptAsUnmatched()
    {
        string[] ids = [NewId(), NewId(), NewId()];
        EventGridPublisherClient publisher = this.Publisher();

        await publisher.SendEventAsync(Cloud(ids[0]));
        await publisher.SendEventsAsync([Cloud(ids[1]), Cloud(ids[2])]);

        foreach (string id in ids)
        {
            Assert.Equal(["id", "unmatched"], await EventsTable.PartitionsHoldingAsync(this.Host.Settings, id));
        }

        JsonElement stored = (await this.UnmatchedAsync()).GetProperty("events").EnumerateArray().Single(e => e.GetProperty("id").GetString() == ids[1]);
        Assert.Equal("/pipelines/tests", stored.GetProperty("source").GetString());
        Assert.Equal("""{"service":"nowhere-api","version":"1.0.0","environment":"production"}""", stored.GetProperty("dataExcerpt").GetString());
    }

    [Fact]
    public async Task DuplicateDelivery_SecondHasNoEffect()
    {
        string id = NewId();
        EventGridPublisherClient publisher = this.Publisher();

        await publisher.SendEventAsync(GridEvent(id));
        await publisher.SendEventAsync(GridEvent(id));
        using HttpResponseMessage third = await this.PostAsync(JsonSerializer.SerializeToUtf8Bytes(new[] { RawGridEvent(id) }), "application/json");

        Assert.Equal(["id", "unmatched"], await EventsTable.PartitionsHoldingAsync(this.Host.Settings, id));
        JsonElement summary = await Json(third);
        Assert.Equal((0, 1, 0, 0), (summary.GetProperty("accepted").GetInt32(), summary.GetProperty("duplicates").GetInt32(), summary.GetProperty("unmatched").GetInt32(), summary.GetProperty("matched").GetInt32()));
    }

    [Fact]
    public async Task SubscriptionValidationFixture_IsAnsweredWithItsCode()
    {
        using HttpResponseMessage response = await this.PostAsync(EventFixtures.Read("eventgrid/subscription-validation.json"), "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("C1B7E0A4-5D36-4F2B-8E19-3A6D2C9F7B10", (await Json(response)).GetProperty("validationResponse").GetString());
    }

    [Fact]
    public async Task OptionsHandshake_WithKeyInCode_EchoesTheOrigin()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, this.EventsUrl());
        request.Headers.Add("WebHook-Request-Origin", "eventgrid.azure.net");

        using HttpResponseMessage response = await this.Host.Api.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("eventgrid.azure.net", response.Headers.GetValues("WebHook-Allowed-Origin").Single());
        Assert.Equal("*", response.Headers.GetValues("WebHook-Allowed-Rate").Single());
    }

    [Fact]
    public async Task OptionsHandshake_WithoutKey_IsRefused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/api/events");
        request.Headers.Add("WebHook-Request-Origin", "eventgrid.azure.net");
        using var anonymous = new HttpClient { BaseAddress = this.Host.App.BaseAddress };

        using HttpResponseMessage response = await anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(response.Headers.Contains("WebHook-Allowed-Origin"));
    }

    [Fact]
    public async Task OptionsHandshake_WithoutOrigin_Is400Problem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, this.EventsUrl());

        using HttpResponseMessage response = await this.Host.Api.Http.SendAsync(request);

        await AssertProblemAsync(response, "WebHook-Request-Origin");
    }

    [Theory]
    [InlineData("eventgrid/deployment-signals.eventgrid.json", "application/json", 2)]
    [InlineData("eventgrid/deployment-signals.cloudevents.json", "application/cloudevents-batch+json; charset=utf-8", 2)]
    public async Task SharedFixture_PostedAsItIs_IsAcceptedAsUnmatched(string fixture, string contentType, int events)
    {
        using HttpResponseMessage response = await this.PostAsync(EventFixtures.Read(fixture), contentType);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonElement summary = await Json(response);
        // A second run against the same storage finds them delivered before: acknowledged either way.
        Assert.Equal(events, summary.GetProperty("unmatched").GetInt32() + summary.GetProperty("duplicates").GetInt32());
        Assert.Equal(0, summary.GetProperty("matched").GetInt32());
    }

    [Theory]
    [InlineData("azure-monitor/metric-alert-fired.json")]
    [InlineData("azure-monitor/log-alert-resolved.json")]
    public async Task AzureMonitorAlertBody_IsNotAnEventDelivery_400(string fixture)
    {
        using HttpResponseMessage response = await this.PostAsync(EventFixtures.Read(fixture), "application/json");

        await AssertProblemAsync(response, "Neither");
    }

    [Theory]
    [InlineData("{\"specversion\":\"1.0\",\"type\":\"t\"", "$")]
    [InlineData("[]", "no events")]
    [InlineData("{\"specversion\":\"1.0\",\"type\":\"t\",\"source\":\"/s\"}", "CloudEvents")]
    [InlineData("[{\"specversion\":\"1.0\",\"type\":\"t\",\"source\":\"/s\",\"id\":\"1\"},{\"eventType\":\"x\",\"id\":\"2\"}]", "mixes")]
    [InlineData("{\"eventType\":\"x\",\"id\":\"1\",\"subject\":\"s\",\"eventTime\":\"yesterday\",\"data\":{},\"dataVersion\":\"1\"}", "Event Grid")]
    public async Task MalformedDelivery_Is400ProblemAndWritesNothing(string body, string reason)
    {
        using HttpResponseMessage response = await this.PostAsync(System.Text.Encoding.UTF8.GetBytes(body), "application/json");

        await AssertProblemAsync(response, reason);
        Assert.Empty(await EventsTable.PartitionsHoldingAsync(this.Host.Settings, "1"));
    }

    [Fact]
    public async Task EventForUnknownReleaseId_IsAcknowledgedAsUnmatched()
    {
        string id = NewId();
        var unknown = new EventGridEvent("releases/rel-0123456789abcdef0123456789abcdef", "ReleasePolicy.Deployment.Succeeded", "1.0", new { releaseId = "rel-0123456789abcdef0123456789abcdef" }) { Id = id };

        await this.Publisher().SendEventAsync(unknown);

        Assert.Equal(["id", "unmatched"], await EventsTable.PartitionsHoldingAsync(this.Host.Settings, id));
    }

    [Fact]
    public async Task UnmatchedList_BadLimit_Is400Problem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/events/unmatched?limit=0").AsAdmin(this.Host.Settings);

        using HttpResponseMessage response = await this.Host.Api.Http.SendAsync(request);

        await AssertProblemAsync(response, "limit");
    }

    [Fact]
    public async Task Redelivery_AfterAHostDiedHoldingTheClaim_IsHandledOnceTheClaimLapses()
    {
        // What a host that died mid-delivery leaves behind: a claim on the event, and nothing handled.
        string id = NewId();
        TableEventLedger ledger = this.Host.App.App.Services.GetRequiredService<TableEventLedger>();
        InboundEvent held = new(id, "/pipelines/tests", "ReleasePolicy.Deployment.Started", null, null, null, EventSchema.CloudEvents);
        Assert.Equal(EventClaimState.Claimed, (await ledger.TryClaimAsync(held, DateTimeOffset.UtcNow, CancellationToken.None)).State);

        await this.Publisher().SendEventAsync(Cloud(id));
        await this.Publisher().SendEventAsync(Cloud(id));

        Assert.Equal(["id", "unmatched"], await EventsTable.PartitionsHoldingAsync(this.Host.Settings, id));
        Assert.Single((await this.UnmatchedAsync()).GetProperty("events").EnumerateArray(), e => e.GetProperty("id").GetString() == id);
    }

    internal static string NewId() => "evt-" + Guid.NewGuid().ToString("N");

    private static EventGridEvent GridEvent(string id) =>
        new("deployments/nowhere-api", "ReleasePolicy.Deployment.Started", "1.0", new { service = "nowhere-api", version = "1.0.0", environment = "production" }) { Id = id };

    private static object RawGridEvent(string id) => new
    {
        id,
        subject = "deployments/nowhere-api",
        eventType = "ReleasePolicy.Deployment.Started",
        eventTime = DateTimeOffset.UtcNow,
        data = new { service = "nowhere-api" },
        dataVersion = "1.0",
    };

    private static CloudEvent Cloud(string id) =>
        new("/pipelines/tests", "ReleasePolicy.Deployment.Started", BinaryData.FromObjectAsJson(new { service = "nowhere-api", version = "1.0.0", environment = "production" }), "application/json", CloudEventDataFormat.Json) { Id = id };

    private EventGridPublisherClient Publisher() =>
        new(new Uri(this.Host.App.BaseAddress, this.EventsUrl()), new AzureKeyCredential("unused"));

    private string EventsUrl() => "/api/events?code=" + Uri.EscapeDataString(this.Host.Settings.FunctionKey);

    private async Task<HttpResponseMessage> PostAsync(byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var anonymous = new HttpClient { BaseAddress = this.Host.App.BaseAddress };
        return await anonymous.PostAsync(this.EventsUrl(), content);
    }

    private async Task<JsonElement> UnmatchedAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/events/unmatched?limit=1000").AsAdmin(this.Host.Settings);
        using HttpResponseMessage response = await this.Host.Api.Http.SendAsync(request);
        return await Json(response);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, string mentioning)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(mentioning, text, StringComparison.Ordinal);
    }
}
