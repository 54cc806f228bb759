namespace ReleasePolicy.Evidence;

/// <summary>A release sealed on the ledger's day: its head and the SHA-256 of its <c>manifest.json</c>.</summary>
public sealed record LedgerEntry(string ReleaseId, string Service, string Head, string Manifest);
