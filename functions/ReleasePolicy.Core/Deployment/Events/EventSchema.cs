using System.Text.Json.Serialization;

namespace ReleasePolicy.Deployment.Events;

/// <summary>The two envelopes Event Grid delivers to a webhook.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EventSchema>))]
public enum EventSchema
{
    /// <summary>The Event Grid schema (<c>eventType</c>, <c>eventTime</c>, <c>dataVersion</c>, <c>topic</c>).</summary>
    EventGrid,

    /// <summary>CloudEvents 1.0 in structured JSON mode (<c>specversion</c>, <c>type</c>, <c>source</c>).</summary>
    CloudEvents,

    /// <summary>An Azure Monitor alert (common alert schema) an action group posted to <c>POST /api/alerts</c>: no envelope.</summary>
    AzureMonitorAlert,

    /// <summary>A signal posted to <c>POST /api/releases/{id}/signals</c>: our own small envelope, bound to one release.</summary>
    ReleaseSignalsApi,
}
