using Microsoft.Extensions.Logging;

namespace ReleasePolicy.Deployment.Outbound;

/// <summary>"Publishes" by keeping the event in the dev outbox (<c>GET /api/dev/events</c>); the same id is kept once.</summary>
public sealed partial class DevOutboxReleasePublisher(DevEventOutbox outbox, OutboundEventsOptions options, ILogger<DevOutboxReleasePublisher> logger) : IReleaseEventPublisher
{
    public async Task PublishAsync(OutboundReleaseEvent releaseEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(releaseEvent);
        bool kept = await outbox.KeepAsync(releaseEvent, options.Source, cancellationToken).ConfigureAwait(false);
        LogKept(logger, releaseEvent.Type, releaseEvent.ReleaseId, releaseEvent.Id, kept);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Kept {Type} for {ReleaseId} as {EventId} in the dev outbox (new: {New})")]
    private static partial void LogKept(ILogger logger, string type, string releaseId, string eventId, bool @new);
}
