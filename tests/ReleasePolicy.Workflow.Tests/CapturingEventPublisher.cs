using System.Collections.Concurrent;
using ReleasePolicy.Deployment.Outbound;

namespace ReleasePolicy.Workflow.Tests;

/// <summary>Keeps every event the workflow publishes, by id (a retried activity publishes the same id once).</summary>
internal sealed class CapturingEventPublisher : IReleaseEventPublisher
{
    public ConcurrentDictionary<string, OutboundReleaseEvent> Published { get; } = new(StringComparer.Ordinal);

    public Task PublishAsync(OutboundReleaseEvent releaseEvent, CancellationToken cancellationToken = default)
    {
        this.Published.TryAdd(releaseEvent.Id, releaseEvent);
        return Task.CompletedTask;
    }

    public IReadOnlyList<string> TypesFor(string releaseId) =>
        [.. this.Published.Values.Where(e => e.ReleaseId == releaseId).OrderBy(e => e.Time).ThenBy(e => e.Id, StringComparer.Ordinal).Select(e => e.Type)];
}
