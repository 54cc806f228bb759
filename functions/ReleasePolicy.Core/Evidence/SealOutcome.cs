namespace ReleasePolicy.Evidence;

/// <summary>A sealed release: its manifest blob and hash, the head it names, and whether an earlier attempt sealed it.</summary>
public sealed record SealOutcome(string ManifestBlob, string ManifestSha256, string Head, int Records, DateTimeOffset SealedAt, bool AlreadySealed);
