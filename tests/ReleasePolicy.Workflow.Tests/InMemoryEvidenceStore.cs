using System.Collections.Concurrent;
using ReleasePolicy.Evidence;

namespace ReleasePolicy.Workflow.Tests;

/// <summary>
/// The release chain in memory, with the real record writer and the same append rules as the blob store (create-only,
/// identical retry, no gaps, nothing after the seal), for orchestration tests. Ledger, holds and downloads belong to
/// the blob store's own integration tests on Azurite.
/// </summary>
internal sealed class InMemoryEvidenceStore : IEvidenceStore
{
    private readonly ConcurrentDictionary<string, byte[]> blobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> sealedHeads = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int?> retention = new(StringComparer.Ordinal);
    private readonly object gate = new();

    public Task<WormCapability> GetWormCapabilityAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(new WormCapability(false, false, WormCapability.NotEnforced));

    public Task<AppendOutcome> AppendAsync(EvidenceEntry entry, EvidenceWriteMode mode = EvidenceWriteMode.CreateOnly, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (this.gate)
        {
            string prefix = EvidenceLayout.ReleasePrefix(entry.Service, entry.ReleaseId);
            string name = EvidenceLayout.RecordName(entry.Service, entry.ReleaseId, entry.Sequence, entry.Kind);
            if (this.Records(prefix).FirstOrDefault(r => r.Sequence == entry.Sequence) is { } taken)
            {
                byte[] existing = this.blobs[taken.BlobName];
                if (mode == EvidenceWriteMode.FirstWriteWins || (mode == EvidenceWriteMode.SameRecordWins && taken.BlobName == name))
                {
                    return Task.FromResult(new AppendOutcome(taken.BlobName, EvidenceHash.Of(existing), AlreadyPresent: true));
                }

                byte[] again = EvidenceRecordWriter.Write(entry, this.PreviousHash(prefix, entry));
                return taken.BlobName == name && existing.AsSpan().SequenceEqual(again)
                    ? Task.FromResult(new AppendOutcome(name, EvidenceHash.Of(existing), AlreadyPresent: true))
                    : throw new EvidenceConflictException($"{taken.BlobName} exists with other content than {name}.");
            }

            if (this.sealedHeads.ContainsKey(prefix))
            {
                throw new EvidenceConflictException($"Release {entry.ReleaseId} is sealed.");
            }

            byte[] bytes = EvidenceRecordWriter.Write(entry, this.PreviousHash(prefix, entry));
            this.blobs[name] = bytes;
            this.retention[name] = entry.RetentionDays;
            return Task.FromResult(new AppendOutcome(name, EvidenceHash.Of(bytes), AlreadyPresent: false));
        }
    }

    public Task<IReadOnlyList<StoredRecord>> ReadRecordsAsync(string service, string releaseId, CancellationToken cancellationToken = default)
    {
        lock (this.gate)
        {
            return Task.FromResult<IReadOnlyList<StoredRecord>>(this.Records(EvidenceLayout.ReleasePrefix(service, releaseId)).ToArray());
        }
    }

    public Task<SealOutcome> SealAsync(string service, string releaseId, CancellationToken cancellationToken = default)
    {
        lock (this.gate)
        {
            string prefix = EvidenceLayout.ReleasePrefix(service, releaseId);
            StoredRecord[] records = this.Records(prefix).ToArray();
            bool already = this.sealedHeads.ContainsKey(prefix);
            string head = this.sealedHeads.GetOrAdd(prefix, _ => records[^1].Sha256);
            return Task.FromResult(new SealOutcome(EvidenceLayout.ManifestName(service, releaseId), head, head, records.Length, DateTimeOffset.UtcNow, already));
        }
    }

    public Task<IReadOnlyDictionary<string, ReadOnlyMemory<byte>>> DownloadReleaseAsync(string service, string releaseId, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Downloads are tested on the blob store.");

    public Task<EvidenceReleasePage> ListReleasesAsync(EvidenceReleaseQuery query, string? continuationToken = null, int pageSize = 100, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Listing is tested on the blob store.");

    public Task<AppendOutcome> PlaceLegalHoldAsync(string service, string releaseId, EvidenceActor actor, string reason, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Legal holds are tested on the blob store.");

    public Task<AppendOutcome> ClearLegalHoldAsync(string service, string releaseId, EvidenceActor actor, string reason, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Legal holds are tested on the blob store.");

    public Task<IReadOnlyList<DateOnly>> SealLedgerAsync(DateOnly through, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The ledger is tested on the blob store.");

    public Task<LedgerDownload?> GetLedgerAsync(DateOnly date, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The ledger is tested on the blob store.");

    public Task<IReadOnlyDictionary<string, ReadOnlyMemory<byte>>> DownloadLedgerChainAsync(DateOnly through, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The ledger is tested on the blob store.");

    /// <summary>The kinds of a release's records in sequence order.</summary>
    public IReadOnlyList<string> Kinds(string releaseId) => this.RecordsOf(releaseId).Select(r => r.Kind).ToArray();

    /// <summary>The retention each record of a release was written with.</summary>
    public IReadOnlyList<int?> RetentionOf(string releaseId) => this.RecordsOf(releaseId).Select(r => this.retention[r.BlobName]).ToArray();

    /// <summary>The sealed head of a release, or null.</summary>
    public string? Head(string releaseId) => this.sealedHeads.FirstOrDefault(h => h.Key.EndsWith("/" + releaseId + "/", StringComparison.Ordinal)).Value;

    private IEnumerable<StoredRecord> RecordsOf(string releaseId)
    {
        lock (this.gate)
        {
            string? prefix = this.blobs.Keys.FirstOrDefault(k => k.Contains("/" + releaseId + "/", StringComparison.Ordinal)) is { } any
                ? any[..(any.IndexOf("/" + releaseId + "/", StringComparison.Ordinal) + releaseId.Length + 2)]
                : null;
            return prefix is null ? [] : this.Records(prefix).ToArray();
        }
    }

    private IEnumerable<StoredRecord> Records(string prefix) =>
        this.blobs
            .Where(b => b.Key.StartsWith(prefix, StringComparison.Ordinal) && !b.Key[prefix.Length..].Contains('/'))
            .Select(b => EvidenceLayout.TryParseFileName(b.Key.AsSpan(prefix.Length), out int sequence, out string kind)
                ? new StoredRecord(b.Key, sequence, kind, b.Value, EvidenceHash.Of(b.Value))
                : null)
            .OfType<StoredRecord>()
            .OrderBy(r => r.Sequence);

    private string? PreviousHash(string prefix, EvidenceEntry entry)
    {
        if (entry.Sequence == 1)
        {
            return null;
        }

        return this.Records(prefix).FirstOrDefault(r => r.Sequence == entry.Sequence - 1)?.Sha256
            ?? throw new EvidenceGapException($"Record {entry.Sequence - 1} of {entry.ReleaseId} does not exist.");
    }
}
