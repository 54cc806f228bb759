namespace ReleasePolicy.Evidence;

/// <summary>
/// Which releases to list: optionally one service, and a window on the creation time of the release's first record
/// (set by storage, so listing needs no read of each record).
/// </summary>
public sealed record EvidenceReleaseQuery(string? Service = null, DateTimeOffset? From = null, DateTimeOffset? To = null);
