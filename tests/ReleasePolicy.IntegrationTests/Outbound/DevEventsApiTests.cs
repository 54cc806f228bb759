using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ReleasePolicy.Deployment.Outbound;
using ReleasePolicy.Functions;
using ReleasePolicy.IntegrationTests.Infrastructure;

namespace ReleasePolicy.IntegrationTests.Outbound;

/// <summary>The local host's default publisher (the dev event outbox) and <c>GET /api/dev/events</c>, over HTTP without credentials.</summary>
public sealed class DevEventsApiTests(DevEventsApiTests.Host fixture) : IClassFixture<DevEventsApiTests.Host>
{
    private static readonly DateTimeOffset Cleared = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void LocalHost_PublishesToTheDevOutbox()
    {
        Assert.IsType<DevOutboxReleasePublisher>(fixture.Local.App.App.Services.GetRequiredService<IReleaseEventPublisher>());
    }

    [Fact]
    public async Task Events_ListedNewestFirstWithTheirData_SameIdKeptOnce()
    {
        string release = "rel-" + Guid.NewGuid().ToString("N");
        OutboundReleaseEvent cleared = Event(release, ReleaseEventTypes.Cleared, "5", Cleared, $$"""{"releaseId":"{{release}}","plannedStart":"2026-11-28T09:00:00Z"}""");
        OutboundReleaseEvent completed = Event(release, ReleaseEventTypes.Completed, "9", Cleared.AddMinutes(40), $$"""{"releaseId":"{{release}}","status":"succeeded"}""");
        IReleaseEventPublisher publisher = fixture.Local.App.App.Services.GetRequiredService<IReleaseEventPublisher>();

        await publisher.PublishAsync(cleared);
        await publisher.PublishAsync(completed);
        await publisher.PublishAsync(cleared); // a retried activity
        await publisher.PublishAsync(Event("rel-other", ReleaseEventTypes.Cleared, "5", Cleared, "{}"));

        JsonElement[] events = await fixture.ListAsync($"?releaseId={release}");

        Assert.Equal([completed.Id, cleared.Id], events.Select(e => e.GetProperty("id").GetString()));
        JsonElement newest = events[0];
        Assert.Equal(ReleaseEventTypes.Completed, newest.GetProperty("type").GetString());
        Assert.Equal($"releases/{release}", newest.GetProperty("subject").GetString());
        Assert.Equal("/releasepolicy", newest.GetProperty("source").GetString());
        Assert.Equal(completed.Time, newest.GetProperty("time").GetDateTimeOffset());
        Assert.Equal("succeeded", newest.GetProperty("data").GetProperty("status").GetString());
        Assert.Equal("2026-11-28T09:00:00Z", events[1].GetProperty("data").GetProperty("plannedStart").GetString());
    }

    [Fact]
    public async Task List_OverlongFilter_400ProblemNamingIt()
    {
        using HttpResponseMessage response = await fixture.Browser.GetAsync("/api/dev/events?releaseId=" + new string('x', 300));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"releaseId\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_QuoteInFilter_IsAFilterNotAQuery()
    {
        JsonElement[] events = await fixture.ListAsync("?releaseId=" + Uri.EscapeDataString("x' or PartitionKey ne '"));

        Assert.Empty(events);
    }

    [Fact]
    public async Task EventGridMode_RouteAnswers404()
    {
        HostSettings settings = await HostSettings.CreateAsync() with
        {
            Extra = new Dictionary<string, string?>
            {
                ["ReleasePolicy:Events:Outbound:Mode"] = "EventGrid",
                ["ReleasePolicy:Events:Outbound:TopicEndpoint"] = "http://127.0.0.1:9/api/events",
            },
        };
        await using InProcessHost eventGridHost = await InProcessHost.StartAsync(settings);
        using var browser = new HttpClient { BaseAddress = eventGridHost.App.BaseAddress };

        using HttpResponseMessage response = await browser.GetAsync("/api/dev/events");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.IsType<EventGridReleasePublisher>(eventGridHost.App.App.Services.GetRequiredService<IReleaseEventPublisher>());
    }

    [Fact]
    public void DevOutbox_InAzure_RefusedAtStartup()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => OutboundEventsRegistration.EnsureAllowed(OutboundEventsMode.DevOutbox, "instance-1"));

        Assert.Contains("DevOutbox", refused.Message, StringComparison.Ordinal);
        OutboundEventsRegistration.EnsureAllowed(OutboundEventsMode.EventGrid, "instance-1");
        OutboundEventsRegistration.EnsureAllowed(OutboundEventsMode.DevOutbox, null);
    }

    private static OutboundReleaseEvent Event(string releaseId, string type, string step, DateTimeOffset time, string data) =>
        new(OutboundReleaseEvent.IdFor(releaseId, type, step), type, releaseId, time, data);

    /// <summary>One local host with its own tables; a client that sends no credentials, as a browser.</summary>
    public sealed class Host : IAsyncLifetime
    {
        internal InProcessHost Local { get; private set; } = null!;

        public HttpClient Browser { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            this.Local = await InProcessHost.StartAsync(await HostSettings.CreateAsync());
            this.Browser = new HttpClient { BaseAddress = this.Local.App.BaseAddress };
        }

        public async Task DisposeAsync()
        {
            this.Browser.Dispose();
            await this.Local.DisposeAsync();
        }

        public async Task<JsonElement[]> ListAsync(string query)
        {
            using HttpResponseMessage response = await this.Browser.GetAsync("/api/dev/events" + query);
            string body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            return JsonDocument.Parse(body).RootElement.GetProperty("events").EnumerateArray().ToArray();
        }
    }
}
