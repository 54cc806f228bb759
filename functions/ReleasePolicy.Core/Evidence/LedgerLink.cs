namespace ReleasePolicy.Evidence;

/// <summary>The previous day's ledger and the SHA-256 of its exact bytes.</summary>
public sealed record LedgerLink(DateOnly Date, string Sha256);
