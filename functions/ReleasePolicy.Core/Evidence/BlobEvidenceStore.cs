using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace ReleasePolicy.Evidence;

/// <summary>
/// Evidence in one blob container plus a table indexing sealed heads by day. Every write is create-only
/// (<c>If-None-Match: *</c>); this class has no call that overwrites or deletes a blob, by design.
/// </summary>
public sealed partial class BlobEvidenceStore : IEvidenceStore
{
    private const string ProbeBlob = "health/worm-probe.txt";

    private readonly BlobContainerClient container;
    private readonly TableClient ledgerIndex;
    private readonly EvidenceSigner signer;
    private readonly EvidenceOptions options;
    private readonly TimeProvider time;
    private readonly Lazy<Task> created;
    private readonly Lazy<Task<WormCapability>> worm;

    public BlobEvidenceStore(BlobContainerClient container, TableClient ledgerIndex, EvidenceSigner signer, EvidenceOptions options, TimeProvider time)
    {
        this.container = container;
        this.ledgerIndex = ledgerIndex;
        this.signer = signer;
        this.options = options;
        this.time = time;
        this.created = new Lazy<Task>(() => Task.WhenAll(this.container.CreateIfNotExistsAsync(), this.ledgerIndex.CreateIfNotExistsAsync()));
        this.worm = new Lazy<Task<WormCapability>>(this.ProbeAsync);
    }

    public Task<WormCapability> GetWormCapabilityAsync(CancellationToken cancellationToken = default) => this.worm.Value;

    public async Task<AppendOutcome> AppendAsync(EvidenceEntry entry, EvidenceWriteMode mode = EvidenceWriteMode.CreateOnly, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await this.created.Value.ConfigureAwait(false);
        string name = EvidenceLayout.RecordName(entry.Service, entry.ReleaseId, entry.Sequence, entry.Kind);
        ReleaseListing listing = await this.ListReleaseAsync(entry.Service, entry.ReleaseId, cancellationToken).ConfigureAwait(false);
        if (listing.Records.TryGetValue(entry.Sequence, out string? taken) && taken != name && mode != EvidenceWriteMode.FirstWriteWins)
        {
            throw new EvidenceConflictException($"Sequence {entry.Sequence} of release {entry.ReleaseId} is already {taken}; cannot write {name}.");
        }

        if (taken is not null && (taken != name || mode == EvidenceWriteMode.SameRecordWins))
        {
            // FirstWriteWins: the record at this sequence stands, whatever its kind; SameRecordWins: this very record does.
            return await this.ExistingAsync(taken, cancellationToken).ConfigureAwait(false);
        }

        if (taken is null && listing.Sealed)
        {
            throw new EvidenceConflictException($"Release {entry.ReleaseId} is sealed; {name} cannot be added to its evidence.");
        }

        string? previousHash = null;
        if (entry.Sequence > 1)
        {
            if (!listing.Records.TryGetValue(entry.Sequence - 1, out string? previous))
            {
                throw new EvidenceGapException($"Record {entry.Sequence - 1} of release {entry.ReleaseId} does not exist: appending {name} would leave a gap.");
            }

            BinaryData previousBytes = await this.DownloadAsync(previous, cancellationToken).ConfigureAwait(false);
            previousHash = EvidenceHash.Of(previousBytes.ToMemory().Span);
        }

        byte[] bytes = EvidenceRecordWriter.Write(entry, previousHash);
        return await this.CreateAsync(name, bytes, mode, cancellationToken, entry.RetentionDays).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StoredRecord>> ReadRecordsAsync(string service, string releaseId, CancellationToken cancellationToken = default)
    {
        await this.created.Value.ConfigureAwait(false);
        ReleaseListing listing = await this.ListReleaseAsync(service, releaseId, cancellationToken).ConfigureAwait(false);
        var records = new List<StoredRecord>(listing.Records.Count);
        foreach ((int sequence, string name) in listing.Records)
        {
            ReadOnlyMemory<byte> bytes = (await this.DownloadAsync(name, cancellationToken).ConfigureAwait(false)).ToMemory();
            EvidenceLayout.TryParseFileName(name.AsSpan(name.LastIndexOf('/') + 1), out _, out string kind);
            records.Add(new StoredRecord(name, sequence, kind, bytes, EvidenceHash.Of(bytes.Span)));
        }

        return records;
    }

    public async Task<IReadOnlyDictionary<string, ReadOnlyMemory<byte>>> DownloadReleaseAsync(string service, string releaseId, CancellationToken cancellationToken = default)
    {
        await this.created.Value.ConfigureAwait(false);
        return await this.DownloadPrefixAsync(EvidenceLayout.ReleasePrefix(service, releaseId), cancellationToken).ConfigureAwait(false);
    }

    public async Task<EvidenceReleasePage> ListReleasesAsync(
        EvidenceReleaseQuery query, string? continuationToken = null, int pageSize = 100, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await this.created.Value.ConfigureAwait(false);
        string prefix = query.Service is null ? EvidenceLayout.ReleasesRoot : EvidenceLayout.ReleasesRoot + query.Service + "/";
        await foreach (Page<BlobItem> page in this.container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken)
            .AsPages(continuationToken, pageSize).ConfigureAwait(false))
        {
            // A release is listed by its first record; a page of storage is a page of the answer (possibly empty, with a token).
            var releases = new List<EvidenceReleaseSummary>();
            foreach (BlobItem blob in page.Values)
            {
                string[] parts = blob.Name.Split('/');
                if (parts.Length == 4 && parts[3].StartsWith("000001-", StringComparison.Ordinal)
                    && blob.Properties.CreatedOn is DateTimeOffset createdOn
                    && (query.From is null || createdOn >= query.From) && (query.To is null || createdOn < query.To))
                {
                    releases.Add(new EvidenceReleaseSummary(parts[1], parts[2], createdOn));
                }
            }

            return new EvidenceReleasePage(releases, string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken);
        }

        return new EvidenceReleasePage([], null);
    }

    /// <summary>
    /// Uploads create-only, with the per-blob immutability policy when storage supports it. An existing blob with
    /// the same bytes is an earlier attempt of this write.
    /// </summary>
    private async Task<AppendOutcome> CreateAsync(string name, byte[] bytes, EvidenceWriteMode mode, CancellationToken cancellationToken, int? retentionDays = null)
    {
        WormCapability worm = await this.worm.Value.ConfigureAwait(false);
        var upload = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = name.EndsWith(".json", StringComparison.Ordinal) ? "application/json" : "application/octet-stream" },
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
        };
        if (worm.ImmutabilityPolicy && this.options.ImmutabilityMode != ImmutabilityMode.None)
        {
            upload.ImmutabilityPolicy = new BlobImmutabilityPolicy
            {
                ExpiresOn = this.time.GetUtcNow().AddDays(retentionDays ?? this.options.RetentionDays),
                PolicyMode = this.options.ImmutabilityMode == ImmutabilityMode.Locked ? BlobImmutabilityPolicyMode.Locked : BlobImmutabilityPolicyMode.Unlocked,
            };
        }

        string hash = EvidenceHash.Of(bytes);
        try
        {
            await this.container.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(bytes), upload, cancellationToken).ConfigureAwait(false);
            return new AppendOutcome(name, hash, AlreadyPresent: false);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412 || IsExistingWithoutWriteRight(ex))
        {
            AppendOutcome existing = await this.ExistingAsync(name, cancellationToken).ConfigureAwait(false);
            if (existing.Sha256 == hash || mode is EvidenceWriteMode.FirstWriteWins or EvidenceWriteMode.SameRecordWins)
            {
                return existing;
            }

            throw new EvidenceConflictException($"{name} already exists with different content (sha256 {existing.Sha256}, not {hash}); evidence is never overwritten.", ex);
        }
    }

    /// <summary>
    /// In Azure the app may create evidence blobs but not write over them (infra/ denies blob write in the evidence
    /// container), so a create-only upload of an existing blob can be refused as a permission mismatch rather than
    /// with 409: the download that follows tells (a missing blob then fails loudly with 404).
    /// </summary>
    private static bool IsExistingWithoutWriteRight(RequestFailedException ex) =>
        ex.Status == 403 && string.Equals(ex.ErrorCode, "AuthorizationPermissionMismatch", StringComparison.Ordinal);

    private async Task<AppendOutcome> ExistingAsync(string name, CancellationToken cancellationToken)
    {
        BinaryData existing = await this.DownloadAsync(name, cancellationToken).ConfigureAwait(false);
        return new AppendOutcome(name, EvidenceHash.Of(existing.ToMemory().Span), AlreadyPresent: true);
    }

    private async Task<BinaryData> DownloadAsync(string name, CancellationToken cancellationToken)
    {
        BlobDownloadResult result = await this.container.GetBlobClient(name).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
        return result.Content;
    }

    private async Task<Dictionary<string, ReadOnlyMemory<byte>>> DownloadPrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        var files = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
        await foreach (BlobItem blob in this.container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken).ConfigureAwait(false))
        {
            files[blob.Name] = (await this.DownloadAsync(blob.Name, cancellationToken).ConfigureAwait(false)).ToMemory();
        }

        return files;
    }

    /// <summary>One listing of the release's prefix: its chain records by sequence, its holds, and whether it is sealed.</summary>
    private async Task<ReleaseListing> ListReleaseAsync(string service, string releaseId, CancellationToken cancellationToken)
    {
        string prefix = EvidenceLayout.ReleasePrefix(service, releaseId);
        var listing = new ReleaseListing();
        await foreach (BlobItem blob in this.container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken).ConfigureAwait(false))
        {
            string rest = blob.Name[prefix.Length..];
            bool hold = rest.StartsWith(EvidenceLayout.HoldsFolder, StringComparison.Ordinal);
            if (rest == EvidenceLayout.ManifestFile)
            {
                listing.Sealed = true;
            }
            else if (EvidenceLayout.TryParseFileName(hold ? rest[EvidenceLayout.HoldsFolder.Length..] : rest, out int sequence, out _))
            {
                (hold ? listing.Holds : listing.Records).TryAdd(sequence, blob.Name);
            }

            listing.All.Add(blob.Name);
        }

        return listing;
    }

    /// <summary>
    /// Writes (once) a small probe blob and asks for an immutability policy and a legal-hold change on it. Azurite
    /// answers 501; an account without version-level immutability answers 4xx. Either way: not enforced.
    /// </summary>
    private async Task<WormCapability> ProbeAsync()
    {
        await this.created.Value.ConfigureAwait(false);
        BlobClient probe = this.container.GetBlobClient(ProbeBlob);
        try
        {
            await probe.UploadAsync(BinaryData.FromString("worm probe\n"), new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412 || IsExistingWithoutWriteRight(ex))
        {
            // Written by an earlier start: probe it again.
        }

        bool immutability = this.options.ImmutabilityMode != ImmutabilityMode.None && await SupportsAsync(() => probe.SetImmutabilityPolicyAsync(
            // The full retention, not a short probe period: a locked container policy refuses to shorten it, which
            // would read as "not enforced". A policy may always be lengthened, so a restart probes again cleanly.
            new BlobImmutabilityPolicy { ExpiresOn = this.time.GetUtcNow().AddDays(this.options.RetentionDays), PolicyMode = BlobImmutabilityPolicyMode.Unlocked })).ConfigureAwait(false);
        bool legalHold = await SupportsAsync(() => probe.SetLegalHoldAsync(false)).ConfigureAwait(false);
        return WormCapability.Detect(immutability, legalHold, this.options.ImmutabilityMode);
    }

    private static async Task<bool> SupportsAsync(Func<Task> call)
    {
        try
        {
            await call().ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 501 or 400 or 403 or 409)
        {
            return false;
        }
    }

    private sealed class ReleaseListing
    {
        public SortedDictionary<int, string> Records { get; } = [];

        public SortedDictionary<int, string> Holds { get; } = [];

        public List<string> All { get; } = [];

        public bool Sealed { get; set; }
    }
}
