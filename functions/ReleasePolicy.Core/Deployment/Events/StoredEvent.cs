namespace ReleasePolicy.Deployment.Events;

/// <summary>An event as kept in the events table (unmatched, or on a release's list), its data cut to an excerpt.</summary>
/// <param name="DataExcerpt">The data's JSON text, at most <see cref="EventText.MaxDataBytes"/> UTF-8 bytes of it.</param>
/// <param name="ReleaseId">The release it matched; null when unmatched.</param>
public sealed record StoredEvent(
    string Id,
    string Type,
    string Source,
    string? Subject,
    DateTimeOffset? Time,
    DateTimeOffset ReceivedAt,
    EventSchema Schema,
    string? DataExcerpt,
    bool DataTruncated,
    string? ReleaseId = null)
{
    /// <summary>How it was tied to its release (<c>releaseId</c>, <c>deployment</c>, <c>alert</c>, <c>releasesApi</c>); null when unmatched.</summary>
    public string? MatchedBy { get; init; }
}
