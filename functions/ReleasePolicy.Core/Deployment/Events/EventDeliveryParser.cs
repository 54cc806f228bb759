using System.Text.Json;
using Azure.Messaging;
using Azure.Messaging.EventGrid;
using Azure.Messaging.EventGrid.SystemEvents;
using ReleasePolicy.Validation;

namespace ReleasePolicy.Deployment.Events;

/// <summary>
/// Reads a webhook body as Event Grid delivers it: one event or a batch, in the Event Grid schema or CloudEvents 1.0.
/// The envelope is told by its required attribute (<c>specversion</c> or <c>eventType</c>); the parsing itself is the
/// SDK's (<see cref="EventGridEvent.ParseMany"/>, <see cref="CloudEvent.ParseMany"/>), never ours.
/// </summary>
public static class EventDeliveryParser
{
    /// <summary>The body has already passed <see cref="StrictJson"/> (UTF-8, no duplicate names, bounded depth).</summary>
    public static EventDelivery Parse(byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        EventSchema schema;
        try
        {
            using JsonDocument document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = StrictJson.MaxDepth });
            (EventSchema? detected, string? problem) = Detect(document.RootElement);
            if (detected is null)
            {
                return EventDelivery.Malformed(problem!);
            }

            schema = detected.Value;
        }
        catch (JsonException)
        {
            return EventDelivery.Malformed("The body is not JSON.");
        }

        try
        {
            return schema == EventSchema.EventGrid ? FromEventGrid(EventGridEvent.ParseMany(new BinaryData(body))) : FromCloudEvents(CloudEvent.ParseMany(new BinaryData(body)));
        }
        catch (Exception e) when (e is ArgumentException or FormatException or JsonException or InvalidOperationException or KeyNotFoundException)
        {
            // The SDK refuses envelopes missing a required attribute or with one of the wrong type.
            return EventDelivery.Malformed($"Not a valid {Describe(schema)} delivery: {TextCharacters.Escape(e.Message, maxLength: 300)}");
        }
    }

    private static (EventSchema? Schema, string? Problem) Detect(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Object)
        {
            return SchemaOf(root) is { } single ? (single, null) : (null, NeitherSchema);
        }

        if (root.ValueKind != JsonValueKind.Array)
        {
            return (null, "The body must be an event object or an array of events.");
        }

        EventSchema? batch = null;
        int index = 0;
        foreach (JsonElement item in root.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || SchemaOf(item) is not { } schema)
            {
                return (null, $"[{index}]: {NeitherSchema}");
            }

            if (batch is not null && batch != schema)
            {
                return (null, $"[{index}]: a batch mixes Event Grid and CloudEvents envelopes.");
            }

            batch = schema;
            index++;
        }

        return batch is null ? (null, "The batch holds no events.") : (batch, null);
    }

    private const string NeitherSchema = "Neither an Event Grid event (eventType) nor a CloudEvent 1.0 (specversion).";

    private static EventSchema? SchemaOf(JsonElement item) =>
        item.TryGetProperty("specversion", out _) ? EventSchema.CloudEvents
        : item.TryGetProperty("eventType", out _) ? EventSchema.EventGrid
        : null;

    private static string Describe(EventSchema schema) => schema == EventSchema.EventGrid ? "Event Grid schema" : "CloudEvents 1.0";

    private static EventDelivery FromEventGrid(EventGridEvent[] events)
    {
        var parsed = new List<InboundEvent>(events.Length);
        foreach (EventGridEvent e in events)
        {
            if (string.IsNullOrEmpty(e.Id) || string.IsNullOrEmpty(e.EventType))
            {
                return EventDelivery.Malformed("Every Event Grid event needs an id and an eventType.");
            }

            // The handshake comes alone: Event Grid sends it when a subscription is created, before any event.
            if (e.TryGetSystemEventData(out object systemData) && systemData is SubscriptionValidationEventData validation)
            {
                return string.IsNullOrEmpty(validation.ValidationCode)
                    ? EventDelivery.Malformed("The subscription validation event carries no validationCode.")
                    : new EventDelivery([], validation.ValidationCode);
            }

            parsed.Add(new InboundEvent(e.Id, e.Topic ?? string.Empty, e.EventType, e.Subject, e.EventTime, JsonText(e.Data), EventSchema.EventGrid));
        }

        return new EventDelivery(parsed);
    }

    private static EventDelivery FromCloudEvents(CloudEvent[] events) => new(events
        .Select(e => new InboundEvent(e.Id, e.Source, e.Type, e.Subject, e.Time, JsonText(e.Data), EventSchema.CloudEvents))
        .ToArray());

    /// <summary>The data as JSON text when it is JSON; binary data (<c>data_base64</c>) is kept out of JSON fields.</summary>
    private static string? JsonText(BinaryData? data)
    {
        if (data is null || data.ToMemory().IsEmpty)
        {
            return null;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(data.ToMemory(), new JsonDocumentOptions { MaxDepth = StrictJson.MaxDepth });
            return document.RootElement.GetRawText();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
