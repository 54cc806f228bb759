using Azure;
using Azure.Core;
using Azure.Identity;
using Azure.Messaging;
using Azure.Messaging.EventGrid;
using Microsoft.Extensions.Logging;

namespace ReleasePolicy.Deployment.Outbound;

/// <summary>
/// Publishes release events as CloudEvents 1.0 with the real <see cref="EventGridPublisherClient"/>: to the topic from
/// <c>infra/</c> in Azure (the app's managed identity holds EventGrid Data Sender on it), or to any endpoint the SDK
/// can post to (a local subscriber, with a key). Idempotent by event id through the <see cref="PublishedEventLedger"/>.
/// The client is built at first use, so a host that never publishes starts without the settings.
/// </summary>
public sealed partial class EventGridReleasePublisher : IReleaseEventPublisher
{
    private readonly Lazy<EventGridPublisherClient> client;
    private readonly PublishedEventLedger ledger;
    private readonly string source;
    private readonly TimeProvider time;
    private readonly ILogger<EventGridReleasePublisher> logger;

    public EventGridReleasePublisher(OutboundEventsOptions options, PublishedEventLedger ledger, TimeProvider time, ILogger<EventGridReleasePublisher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.client = new Lazy<EventGridPublisherClient>(() => CreateClient(options), LazyThreadSafetyMode.ExecutionAndPublication);
        this.ledger = ledger;
        this.source = options.Source;
        this.time = time;
        this.logger = logger;
    }

    public async Task PublishAsync(OutboundReleaseEvent releaseEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(releaseEvent);
        if (await this.ledger.WasPublishedAsync(releaseEvent.Id, cancellationToken).ConfigureAwait(false))
        {
            LogAlreadyPublished(this.logger, releaseEvent.Type, releaseEvent.ReleaseId, releaseEvent.Id);
            return;
        }

        await this.client.Value.SendEventAsync(ToCloudEvent(releaseEvent, this.source), cancellationToken).ConfigureAwait(false);
        await this.ledger.RecordAsync(releaseEvent, this.time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        LogPublished(this.logger, releaseEvent.Type, releaseEvent.ReleaseId, releaseEvent.Id);
    }

    /// <summary>
    /// The CloudEvent for a release event. <see cref="CloudEventDataFormat.Json"/> puts the data in <c>data</c> as JSON;
    /// the default (binary) would send it as <c>data_base64</c>, which subscribers reading <c>data</c> do not expect.
    /// </summary>
    public static CloudEvent ToCloudEvent(OutboundReleaseEvent releaseEvent, string source)
    {
        ArgumentNullException.ThrowIfNull(releaseEvent);
        return new CloudEvent(source, releaseEvent.Type, BinaryData.FromString(releaseEvent.DataJson), "application/json", CloudEventDataFormat.Json)
        {
            Id = releaseEvent.Id,
            Subject = releaseEvent.Subject,
            Time = releaseEvent.Time,
        };
    }

    /// <summary>A key when one is configured (a local endpoint, or a topic with local auth); else the managed identity.</summary>
    public static EventGridPublisherClient CreateClient(OutboundEventsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.TopicEndpoint is not { IsAbsoluteUri: true } endpoint || endpoint.Scheme is not ("https" or "http"))
        {
            throw new InvalidOperationException(
                $"{OutboundEventsOptions.Section}:TopicEndpoint must be the absolute http(s) URL of the Event Grid topic (or set {OutboundEventsOptions.Section}:Mode to DevOutbox locally, or None).");
        }

        if (!string.IsNullOrWhiteSpace(options.TopicKey))
        {
            return new EventGridPublisherClient(endpoint, new AzureKeyCredential(options.TopicKey));
        }

        // The app's managed identity (user-assigned when a client id is given), as for Microsoft Graph.
        TokenCredential credential = string.IsNullOrWhiteSpace(options.ClientId)
            ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ClientId));
        return new EventGridPublisherClient(endpoint, credential);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Published {Type} for {ReleaseId} as {EventId}")]
    private static partial void LogPublished(ILogger logger, string type, string releaseId, string eventId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Type} for {ReleaseId} was already published as {EventId}; not sent again")]
    private static partial void LogAlreadyPublished(ILogger logger, string type, string releaseId, string eventId);
}
