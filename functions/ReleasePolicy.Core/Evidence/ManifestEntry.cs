namespace ReleasePolicy.Evidence;

/// <summary>One record as the manifest names it.</summary>
public sealed record ManifestEntry(int Sequence, string Kind, string Blob, string Sha256);
