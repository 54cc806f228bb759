using Microsoft.Extensions.Logging;

namespace ReleasePolicy.Deployment.Outbound;

/// <summary>Mode <c>None</c>, set explicitly: release events are dropped (logged, so the choice stays visible).</summary>
public sealed partial class NoReleasePublisher(ILogger<NoReleasePublisher> logger) : IReleaseEventPublisher
{
    public Task PublishAsync(OutboundReleaseEvent releaseEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(releaseEvent);
        LogDropped(logger, releaseEvent.Type, releaseEvent.ReleaseId, releaseEvent.Id);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbound events are off (mode None): {Type} for {ReleaseId} ({EventId}) not published")]
    private static partial void LogDropped(ILogger logger, string type, string releaseId, string eventId);
}
