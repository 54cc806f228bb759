namespace ReleasePolicy.Deployment.Outbound;

/// <summary>
/// Publishes release events: to the Event Grid topic from <c>infra/</c> in Azure (<c>EventGridPublisherClient</c>,
/// CloudEvents schema), locally to the dev outbox or a configured endpoint. Called from activities only.
/// </summary>
public interface IReleaseEventPublisher
{
    Task PublishAsync(OutboundReleaseEvent releaseEvent, CancellationToken cancellationToken = default);
}
