using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;

namespace ReleasePolicy.Evidence;

/// <summary>The daily ledger: every ended day gets one, in order, each chained to the day before.</summary>
public sealed partial class BlobEvidenceStore
{
    public async Task<IReadOnlyList<DateOnly>> SealLedgerAsync(DateOnly through, CancellationToken cancellationToken = default)
    {
        await this.created.Value.ConfigureAwait(false);
        DateTimeOffset dayEnds = new(through.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        if (this.time.GetUtcNow() < dayEnds + this.options.LedgerGrace)
        {
            throw new ArgumentOutOfRangeException(nameof(through), $"{EvidenceLedger.FormatDate(through)} has not ended (plus {this.options.LedgerGrace}) yet.");
        }

        LedgerLink? previous = await this.LastLedgerAsync(cancellationToken).ConfigureAwait(false);
        DateOnly day = previous?.Date.AddDays(1) ?? await this.FirstIndexedDayAsync(through, cancellationToken).ConfigureAwait(false);
        var sealedNow = new List<DateOnly>();
        for (; day <= through; day = day.AddDays(1))
        {
            var releases = new List<LedgerEntry>();
            await foreach (TableEntity row in this.ledgerIndex.QueryAsync<TableEntity>(
                e => e.PartitionKey == EvidenceLedger.FormatDate(day), cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                releases.Add(new LedgerEntry(row.RowKey, row.GetString("Service"), row.GetString("Head"), row.GetString("Manifest")));
            }

            releases.Sort((a, b) => string.CompareOrdinal(a.ReleaseId, b.ReleaseId));
            byte[] bytes = new EvidenceLedger(day, this.time.GetUtcNow(), previous, releases, this.signer.Kid).ToBytes();
            AppendOutcome written = await this.CreateAsync(EvidenceLayout.LedgerName(day), bytes, EvidenceWriteMode.FirstWriteWins, cancellationToken).ConfigureAwait(false);
            if (written.AlreadyPresent)
            {
                // Sealed concurrently: chain on from the stored one.
                bytes = (await this.DownloadAsync(written.BlobName, cancellationToken).ConfigureAwait(false)).ToArray();
            }
            else
            {
                sealedNow.Add(day);
            }

            await this.CreateAsync(EvidenceLayout.LedgerSignatureName(day), this.signer.Sign(bytes), EvidenceWriteMode.FirstWriteWins, cancellationToken).ConfigureAwait(false);
            previous = new LedgerLink(day, EvidenceHash.Of(bytes));
        }

        return sealedNow;
    }

    public async Task<LedgerDownload?> GetLedgerAsync(DateOnly date, CancellationToken cancellationToken = default)
    {
        await this.created.Value.ConfigureAwait(false);
        try
        {
            BinaryData json = await this.DownloadAsync(EvidenceLayout.LedgerName(date), cancellationToken).ConfigureAwait(false);
            BinaryData signature = await this.DownloadAsync(EvidenceLayout.LedgerSignatureName(date), cancellationToken).ConfigureAwait(false);
            return new LedgerDownload(date, json.ToMemory(), signature.ToMemory());
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async Task<IReadOnlyDictionary<string, ReadOnlyMemory<byte>>> DownloadLedgerChainAsync(DateOnly through, CancellationToken cancellationToken = default)
    {
        await this.created.Value.ConfigureAwait(false);
        Dictionary<string, ReadOnlyMemory<byte>> files = await this.DownloadPrefixAsync(EvidenceLayout.LedgerRoot, cancellationToken).ConfigureAwait(false);
        string last = EvidenceLayout.LedgerSignatureName(through);
        foreach (string later in files.Keys.Where(n => string.CompareOrdinal(n, last) > 0).ToList())
        {
            files.Remove(later);
        }

        foreach (string name in files.Keys.Where(n => n.EndsWith(".json", StringComparison.Ordinal)).ToList())
        {
            foreach (LedgerEntry release in EvidenceLedger.Parse(files[name].Span).Releases)
            {
                string manifest = EvidenceLayout.ManifestName(release.Service, release.ReleaseId);
                try
                {
                    files[manifest] = (await this.DownloadAsync(manifest, cancellationToken).ConfigureAwait(false)).ToMemory();
                }
                catch (RequestFailedException ex) when (ex.Status == 404)
                {
                    // Missing: exactly what the ledger verifier must report.
                }
            }
        }

        return files;
    }

    private async Task<LedgerLink?> LastLedgerAsync(CancellationToken cancellationToken)
    {
        string? last = null;
        await foreach (BlobItem blob in this.container.GetBlobsAsync(BlobTraits.None, BlobStates.None, EvidenceLayout.LedgerRoot, cancellationToken).ConfigureAwait(false))
        {
            if (blob.Name.EndsWith(".json", StringComparison.Ordinal))
            {
                last = blob.Name;
            }
        }

        if (last is null)
        {
            return null;
        }

        BinaryData bytes = await this.DownloadAsync(last, cancellationToken).ConfigureAwait(false);
        return new LedgerLink(EvidenceLedger.ParseDate(last[EvidenceLayout.LedgerRoot.Length..^".json".Length]), EvidenceHash.Of(bytes.ToMemory().Span));
    }

    /// <summary>The first ledger starts at the earliest indexed day (partitions come back in key order), or at <paramref name="through"/>.</summary>
    private async Task<DateOnly> FirstIndexedDayAsync(DateOnly through, CancellationToken cancellationToken)
    {
        await foreach (TableEntity row in this.ledgerIndex.QueryAsync<TableEntity>(maxPerPage: 1, select: ["PartitionKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            DateOnly first = EvidenceLedger.ParseDate(row.PartitionKey);
            return first < through ? first : through;
        }

        return through;
    }
}
