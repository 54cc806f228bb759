using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ReleasePolicy.Deployment.Outbound;
using ReleasePolicy.IntegrationTests.Infrastructure;

namespace ReleasePolicy.IntegrationTests.Outbound;

/// <summary>The real <c>EventGridPublisherClient</c>, with a topic key, to a local subscriber; the ledger on Azurite.</summary>
public sealed class EventGridReleasePublisherTests : IAsyncLifetime
{
    private const string TopicKey = "local-topic-key-0123456789abcdef";
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);

    private LocalEventSubscriber subscriber = null!;
    private TableClient ledgerTable = null!;

    public async Task InitializeAsync()
    {
        this.subscriber = await LocalEventSubscriber.StartAsync();
        this.ledgerTable = new TableServiceClient(await TestStorage.GetConnectionStringAsync()).GetTableClient(TestNames.Unique("outevents"));
    }

    public async Task DisposeAsync()
    {
        await this.subscriber.DisposeAsync();
        if (TestStorage.IsExternal)
        {
            // The run's own Azurite is deleted whole; shared storage keeps nothing of this test.
            await new TableServiceClient(await TestStorage.GetConnectionStringAsync()).DeleteTableAsync(this.ledgerTable.Name);
        }
    }

    [Fact]
    public async Task Publish_SendsOneCloudEventWithIdTypeSourceSubjectTimeAndJsonData()
    {
        OutboundReleaseEvent published = Event("rel-abc", ReleaseEventTypes.RollbackRequested, "7", """{"releaseId":"rel-abc","procedureRef":"RB-42","databaseRollback":"backwardCompatible"}""");

        await this.Publisher().PublishAsync(published);

        ReceivedPost post = Assert.Single(this.subscriber.Posts);
        Assert.Equal(TopicKey, post.Headers["aeg-sas-key"]);
        Assert.StartsWith("application/cloudevents-batch+json", post.ContentType, StringComparison.Ordinal);
        JsonElement cloudEvent = Assert.Single(JsonDocument.Parse(post.Body).RootElement.EnumerateArray());
        Assert.Equal("1.0", cloudEvent.GetProperty("specversion").GetString());
        Assert.Equal("rel-abc:ReleasePolicy.Release.RollbackRequested:7", cloudEvent.GetProperty("id").GetString());
        Assert.Equal("ReleasePolicy.Release.RollbackRequested", cloudEvent.GetProperty("type").GetString());
        Assert.Equal("/releasepolicy-test", cloudEvent.GetProperty("source").GetString());
        Assert.Equal("releases/rel-abc", cloudEvent.GetProperty("subject").GetString());
        Assert.Equal(published.Time, cloudEvent.GetProperty("time").GetDateTimeOffset());
        Assert.Equal("application/json", cloudEvent.GetProperty("datacontenttype").GetString());
        Assert.False(cloudEvent.TryGetProperty("data_base64", out _));
        JsonElement data = cloudEvent.GetProperty("data");
        Assert.Equal(JsonValueKind.Object, data.ValueKind);
        Assert.Equal("RB-42", data.GetProperty("procedureRef").GetString());
        Assert.Equal("backwardCompatible", data.GetProperty("databaseRollback").GetString());
    }

    [Fact]
    public async Task Publish_SameIdTwice_SendsOnce_AnotherIdIsSent()
    {
        OutboundReleaseEvent cleared = Event("rel-twice", ReleaseEventTypes.Cleared, "5", """{"releaseId":"rel-twice"}""");

        await this.Publisher().PublishAsync(cleared);
        await this.Publisher().PublishAsync(cleared with { Time = cleared.Time.AddMinutes(1) });
        Assert.Single(this.subscriber.Posts);

        await this.Publisher().PublishAsync(Event("rel-twice", ReleaseEventTypes.Completed, "9", """{"releaseId":"rel-twice"}"""));
        Assert.Equal(2, this.subscriber.Posts.Count);
    }

    [Fact]
    public async Task Publish_RefusedBySubscriber_ThrowsAndRecordsNothing_SoTheRetrySends()
    {
        OutboundReleaseEvent approved = Event("rel-retry", ReleaseEventTypes.Approved, "3", """{"releaseId":"rel-retry"}""");
        this.subscriber.Status = 400; // not retried by the SDK: the activity's retry is what sends it again

        await Assert.ThrowsAsync<RequestFailedException>(() => this.Publisher().PublishAsync(approved));
        this.subscriber.Status = 200;
        await this.Publisher().PublishAsync(approved);

        Assert.Equal(2, this.subscriber.Posts.Count);
        Assert.True(await new PublishedEventLedger(this.ledgerTable).WasPublishedAsync(approved.Id, CancellationToken.None));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-url")]
    [InlineData("ftp://topic.example/api/events")]
    public void CreateClient_WithoutHttpEndpoint_FailsNamingTheSetting(string? endpoint)
    {
        var options = new OutboundEventsOptions { TopicEndpoint = endpoint is null ? null : new Uri(endpoint, UriKind.RelativeOrAbsolute) };

        var refused = Assert.Throws<InvalidOperationException>(() => EventGridReleasePublisher.CreateClient(options));

        Assert.Contains("ReleasePolicy:Events:Outbound:TopicEndpoint", refused.Message, StringComparison.Ordinal);
    }

    private EventGridReleasePublisher Publisher() => new(
        new OutboundEventsOptions { Mode = OutboundEventsMode.EventGrid, TopicEndpoint = this.subscriber.Endpoint, TopicKey = TopicKey, Source = "/releasepolicy-test" },
        new PublishedEventLedger(this.ledgerTable),
        new FakeTimeProvider(Now),
        NullLogger<EventGridReleasePublisher>.Instance);

    private static OutboundReleaseEvent Event(string releaseId, string type, string step, string data) =>
        new(OutboundReleaseEvent.IdFor(releaseId, type, step), type, releaseId, Now.AddSeconds(-30), data);
}
