namespace ReleasePolicy.Evidence;

/// <summary>
/// The write-once evidence of releases. There is no update and no delete: records are appended create-only,
/// releases are sealed by a signed manifest, days by a signed ledger.
/// </summary>
public interface IEvidenceStore
{
    /// <summary>Probes the account once (later calls return the same answer).</summary>
    Task<WormCapability> GetWormCapabilityAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends record <see cref="EvidenceEntry.Sequence"/>, chained to record <c>sequence-1</c> (which must exist).
    /// A retry that finds identical bytes succeeds; different bytes throw <see cref="EvidenceConflictException"/>
    /// unless <paramref name="mode"/> is <see cref="EvidenceWriteMode.FirstWriteWins"/>.
    /// </summary>
    Task<AppendOutcome> AppendAsync(EvidenceEntry entry, EvidenceWriteMode mode = EvidenceWriteMode.CreateOnly, CancellationToken cancellationToken = default);

    /// <summary>The release's chain records in sequence order (not the manifest or holds); empty when it has none.</summary>
    Task<IReadOnlyList<StoredRecord>> ReadRecordsAsync(string service, string releaseId, CancellationToken cancellationToken = default);

    /// <summary>Every blob of the release (records, manifest, signature, holds) by blob name: what the verifier and exporter take.</summary>
    Task<IReadOnlyDictionary<string, ReadOnlyMemory<byte>>> DownloadReleaseAsync(string service, string releaseId, CancellationToken cancellationToken = default);

    Task<EvidenceReleasePage> ListReleasesAsync(EvidenceReleaseQuery query, string? continuationToken = null, int pageSize = 100, CancellationToken cancellationToken = default);

    /// <summary>Writes the signed manifest and indexes the head for the day's ledger; idempotent.</summary>
    Task<SealOutcome> SealAsync(string service, string releaseId, CancellationToken cancellationToken = default);

    Task<AppendOutcome> PlaceLegalHoldAsync(string service, string releaseId, EvidenceActor actor, string reason, CancellationToken cancellationToken = default);

    Task<AppendOutcome> ClearLegalHoldAsync(string service, string releaseId, EvidenceActor actor, string reason, CancellationToken cancellationToken = default);

    /// <summary>Seals every unsealed day up to <paramref name="through"/> (which must have ended), in order; returns the days sealed now.</summary>
    Task<IReadOnlyList<DateOnly>> SealLedgerAsync(DateOnly through, CancellationToken cancellationToken = default);

    Task<LedgerDownload?> GetLedgerAsync(DateOnly date, CancellationToken cancellationToken = default);

    /// <summary>Every ledger up to <paramref name="through"/> and the manifests they name: what <see cref="LedgerVerifier"/> takes.</summary>
    Task<IReadOnlyDictionary<string, ReadOnlyMemory<byte>>> DownloadLedgerChainAsync(DateOnly through, CancellationToken cancellationToken = default);
}
