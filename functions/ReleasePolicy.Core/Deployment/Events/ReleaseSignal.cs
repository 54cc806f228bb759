namespace ReleasePolicy.Deployment.Events;

/// <summary>
/// An event raised to a release's orchestration as the external event <see cref="EventName"/>. It carries the event id,
/// so the orchestration can tell a signal it has seen from a new one.
/// </summary>
public sealed record ReleaseSignal(
    string EventId,
    string Source,
    string Type,
    string? Subject,
    DateTimeOffset? Time,
    string? DataJson,
    EventSchema Schema,
    DateTimeOffset ReceivedAt)
{
    public const string EventName = "signal";

    /// <summary>
    /// The person the signals API authenticated and found to be the release's rollback owner; set only there, never
    /// from a webhook. A manual rollback is obeyed only when this is set.
    /// </summary>
    public string? AuthorizedPerson { get; init; }

    public static ReleaseSignal Of(InboundEvent inbound, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        return new(inbound.Id, inbound.Source, inbound.Type, inbound.Subject, inbound.Time, inbound.DataJson, inbound.Schema, receivedAt);
    }
}
