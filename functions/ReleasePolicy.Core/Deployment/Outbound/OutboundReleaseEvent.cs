namespace ReleasePolicy.Deployment.Outbound;

/// <summary>
/// An event we publish about a release, as a CloudEvent: <c>type</c> from <see cref="ReleaseEventTypes"/>, <c>subject</c>
/// <c>releases/{id}</c>, and an id derived from the release and the step (see <see cref="IdFor"/>), so a retried
/// activity publishes the same id and subscribers can drop the repeat.
/// </summary>
/// <param name="DataJson">The event's data, a JSON object.</param>
public sealed record OutboundReleaseEvent(string Id, string Type, string ReleaseId, DateTimeOffset Time, string DataJson)
{
    public string Subject => "releases/" + this.ReleaseId;

    /// <param name="step">What makes it unique within the release: e.g. the evidence sequence of the step that published it.</param>
    public static string IdFor(string releaseId, string type, string step) => $"{releaseId}:{type}:{step}";
}

public static class ReleaseEventTypes
{
    public const string Approved = "ReleasePolicy.Release.Approved";
    public const string Scheduled = "ReleasePolicy.Release.Scheduled";
    public const string Cleared = "ReleasePolicy.Release.Cleared";
    public const string RollbackRequested = "ReleasePolicy.Release.RollbackRequested";
    public const string Completed = "ReleasePolicy.Release.Completed";
    public const string Rejected = "ReleasePolicy.Release.Rejected";
}
