namespace ReleasePolicy.Deployment.Events;

/// <summary>
/// One delivered event, the same whichever envelope carried it, so matching and storage never look at envelopes.
/// </summary>
/// <param name="Source">CloudEvents <c>source</c>; for the Event Grid schema its <c>topic</c> (empty when the sender set none).</param>
/// <param name="DataJson">The event's data as JSON text; null when it had none or it was not JSON (e.g. <c>data_base64</c>).</param>
public sealed record InboundEvent(
    string Id,
    string Source,
    string Type,
    string? Subject,
    DateTimeOffset? Time,
    string? DataJson,
    EventSchema Schema);
