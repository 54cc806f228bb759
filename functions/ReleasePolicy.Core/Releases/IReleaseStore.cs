namespace ReleasePolicy.Releases;

public interface IReleaseStore
{
    Task<ReleaseRecord?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Creates the record; false (and nothing written) when one with that id exists.</summary>
    Task<bool> TryCreateAsync(ReleaseRecord record, CancellationToken cancellationToken = default);

    /// <summary>Applies progress with optimistic concurrency; throws <see cref="ReleaseNotFoundException"/> for an unknown id.</summary>
    Task<ReleaseRecord> ApplyAsync(ReleaseProgress progress, CancellationToken cancellationToken = default);

    /// <summary>
    /// One page of releases, newest first across all releases, filtered by service and status; throws
    /// <see cref="ArgumentException"/> for a continuation token that <see cref="ReleaseListToken"/> does not accept.
    /// </summary>
    Task<ReleasePage> ListAsync(ReleaseQuery query, CancellationToken cancellationToken = default);
}

/// <param name="ContinuationToken">From the previous page's <see cref="ReleasePage.ContinuationToken"/>; null for the first page.</param>
public sealed record ReleaseQuery(string? Service = null, ReleaseStatus? Status = null, int Limit = 100, string? ContinuationToken = null);

public sealed class ReleaseNotFoundException(string id) : Exception($"Release '{id}' does not exist.")
{
    public string ReleaseId { get; } = id;
}
