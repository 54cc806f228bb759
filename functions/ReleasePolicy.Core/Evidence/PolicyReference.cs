namespace ReleasePolicy.Evidence;

/// <summary>The policy version a record was judged under.</summary>
public sealed record PolicyReference(int Sequence, string Version, string Hash);
