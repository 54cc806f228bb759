namespace ReleasePolicy.Evidence;

/// <summary>One page of releases; pass <see cref="ContinuationToken"/> back for the next (null: no more).</summary>
public sealed record EvidenceReleasePage(IReadOnlyList<EvidenceReleaseSummary> Releases, string? ContinuationToken);
