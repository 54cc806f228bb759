namespace ReleasePolicy.Deployment.Outbound;

/// <summary>Section <c>ReleasePolicy:Events:Outbound</c>: where release events go.</summary>
public sealed class OutboundEventsOptions
{
    public const string Section = "ReleasePolicy:Events:Outbound";

    /// <summary>Event Grid in Azure (the default); the local host defaults to the dev outbox.</summary>
    public OutboundEventsMode Mode { get; set; } = OutboundEventsMode.EventGrid;

    /// <summary>The topic (or any CloudEvents endpoint the SDK can post to, e.g. a local subscriber).</summary>
    public Uri? TopicEndpoint { get; set; }

    /// <summary>The topic's access key; empty means the managed identity (EventGrid Data Sender). A secret: never logged.</summary>
    public string? TopicKey { get; set; }

    /// <summary>Client id of a user-assigned managed identity; empty means the system-assigned one.</summary>
    public string? ClientId { get; set; }

    /// <summary>The CloudEvents <c>source</c> of every event.</summary>
    public string Source { get; set; } = "/releasepolicy";

    /// <summary>The published-ledger: one row per event id sent to the topic.</summary>
    public string Table { get; set; } = "outboundevents";

    /// <summary>The dev outbox of events (<c>GET /api/dev/events</c>).</summary>
    public string DevOutboxTable { get; set; } = "devevents";
}

public enum OutboundEventsMode
{
    /// <summary>The Event Grid topic at <see cref="OutboundEventsOptions.TopicEndpoint"/> (CloudEvents 1.0).</summary>
    EventGrid,

    /// <summary>A table listed by <c>GET /api/dev/events</c>; refused in Azure.</summary>
    DevOutbox,

    /// <summary>Nothing is published; only on explicit configuration.</summary>
    None,
}
