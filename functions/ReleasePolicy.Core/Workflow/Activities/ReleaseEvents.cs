using System.Text.Json;
using System.Text.Json.Nodes;
using ReleasePolicy.Deployment.Outbound;
using ReleasePolicy.Policy;

namespace ReleasePolicy.Workflow.Activities;

/// <summary>
/// Publishes a release's milestone events (approved, scheduled, completed, rejected) with the release's identity in
/// every event's data, so subscribers never need to call back for it. The event id derives from the release, the type
/// and <c>step</c>, so a retried activity publishes the same id.
/// </summary>
public sealed class ReleaseEvents(IReleaseEventPublisher publisher)
{
    /// <returns>The event as published (for the step's evidence record).</returns>
    public async Task<OutboundReleaseEvent> PublishAsync(ReleaseWorkflowInput release, string type, string step, DateTimeOffset at, object? details = null)
    {
        ArgumentNullException.ThrowIfNull(release);
        var data = new JsonObject
        {
            ["releaseId"] = release.ReleaseId,
            ["service"] = release.Request.Service,
            ["version"] = release.Request.Version,
            ["environment"] = release.Request.Environment,
            ["type"] = release.Request.Type.ToPolicyName(),
            ["statusUrl"] = $"/api/releases/{release.ReleaseId}",
        };
        if (details is not null && JsonSerializer.SerializeToNode(details, JsonDefaults.Options) is JsonObject extra)
        {
            foreach ((string name, JsonNode? value) in extra.ToList())
            {
                extra.Remove(name);
                data[name] = value;
            }
        }

        var published = new OutboundReleaseEvent(OutboundReleaseEvent.IdFor(release.ReleaseId, type, step), type, release.ReleaseId, at, data.ToJsonString(JsonDefaults.Options));
        await publisher.PublishAsync(published).ConfigureAwait(false);
        return published;
    }
}
