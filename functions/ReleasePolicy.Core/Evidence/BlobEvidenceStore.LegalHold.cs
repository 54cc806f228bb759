using Azure;

namespace ReleasePolicy.Evidence;

/// <summary>
/// Legal holds: recorded in the release's own <c>holds/</c> chain (never racing the workflow's chain), then applied
/// to every blob of the release where storage supports legal holds.
/// </summary>
public sealed partial class BlobEvidenceStore
{
    public const string LegalHoldPlacedKind = "legal-hold-placed";
    public const string LegalHoldClearedKind = "legal-hold-cleared";

    public Task<AppendOutcome> PlaceLegalHoldAsync(string service, string releaseId, EvidenceActor actor, string reason, CancellationToken cancellationToken = default) =>
        this.RecordHoldAsync(service, releaseId, actor, reason, hold: true, cancellationToken);

    public Task<AppendOutcome> ClearLegalHoldAsync(string service, string releaseId, EvidenceActor actor, string reason, CancellationToken cancellationToken = default) =>
        this.RecordHoldAsync(service, releaseId, actor, reason, hold: false, cancellationToken);

    private async Task<AppendOutcome> RecordHoldAsync(string service, string releaseId, EvidenceActor actor, string reason, bool hold, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        await this.created.Value.ConfigureAwait(false);
        string kind = hold ? LegalHoldPlacedKind : LegalHoldClearedKind;

        // Two auditors at once both aim at the next sequence; the loser (a 409 with other bytes) takes the one after.
        for (int attempt = 0; ; attempt++)
        {
            ReleaseListing listing = await this.ListReleaseAsync(service, releaseId, cancellationToken).ConfigureAwait(false);
            if (listing.Records.Count == 0)
            {
                throw new KeyNotFoundException($"Release {releaseId} of {service} has no evidence to hold.");
            }

            int sequence = listing.Holds.Count == 0 ? 1 : listing.Holds.Keys.Max() + 1;
            string? previousHash = null;
            if (sequence > 1)
            {
                previousHash = EvidenceHash.Of((await this.DownloadAsync(listing.Holds[sequence - 1], cancellationToken).ConfigureAwait(false)).ToMemory().Span);
            }

            var entry = new EvidenceEntry(service, releaseId, sequence, kind, this.time.GetUtcNow(), actor, null,
                EvidenceData.FromObject(new HoldData(reason, listing.Records.Count)));
            try
            {
                AppendOutcome outcome = await this.CreateAsync(
                    EvidenceLayout.HoldName(service, releaseId, sequence, kind), EvidenceRecordWriter.Write(entry, previousHash), EvidenceWriteMode.CreateOnly, cancellationToken).ConfigureAwait(false);
                await this.ApplyLegalHoldAsync(listing.All, hold, cancellationToken).ConfigureAwait(false);
                return outcome;
            }
            catch (EvidenceConflictException) when (attempt < 4)
            {
            }
        }
    }

    private async Task ApplyLegalHoldAsync(IEnumerable<string> blobs, bool hold, CancellationToken cancellationToken)
    {
        WormCapability worm = await this.worm.Value.ConfigureAwait(false);
        if (!worm.LegalHold)
        {
            return;
        }

        foreach (string name in blobs)
        {
            try
            {
                await this.container.GetBlobClient(name).SetLegalHoldAsync(hold, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // Listed a moment ago: cannot vanish through this app; let the verifier report it.
            }
        }
    }

    private sealed record HoldData(string Reason, int Records);
}
