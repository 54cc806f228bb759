namespace ReleasePolicy.Evidence;

/// <summary>A day's ledger as stored, and its detached signature.</summary>
public sealed record LedgerDownload(DateOnly Date, ReadOnlyMemory<byte> Json, ReadOnlyMemory<byte> Signature);
