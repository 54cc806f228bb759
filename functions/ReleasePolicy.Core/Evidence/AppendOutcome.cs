namespace ReleasePolicy.Evidence;

/// <summary>Where a record lives and its SHA-256; <see cref="AlreadyPresent"/> when an earlier attempt wrote it.</summary>
public sealed record AppendOutcome(string BlobName, string Sha256, bool AlreadyPresent);
