using Azure.Data.Tables;

namespace ReleasePolicy.Evidence;

/// <summary>Sealing a release: the signed manifest, then its head in the ledger index for the day's ledger.</summary>
public sealed partial class BlobEvidenceStore
{
    public async Task<SealOutcome> SealAsync(string service, string releaseId, CancellationToken cancellationToken = default)
    {
        await this.created.Value.ConfigureAwait(false);
        IReadOnlyDictionary<string, ReadOnlyMemory<byte>> files = await this.DownloadReleaseAsync(service, releaseId, cancellationToken).ConfigureAwait(false);
        string manifestName = EvidenceLayout.ManifestName(service, releaseId);
        string signatureName = EvidenceLayout.ManifestSignatureName(service, releaseId);
        byte[] manifestBytes;
        bool already = files.TryGetValue(manifestName, out ReadOnlyMemory<byte> existing);
        if (already)
        {
            manifestBytes = existing.ToArray();
        }
        else
        {
            // Never seal a chain that does not verify: the signature would vouch for the hole.
            VerificationResult chain = EvidenceVerifier.VerifyRelease(files, service, releaseId, this.signer.VerificationKeys);
            if (!chain.Verified)
            {
                throw new PermanentFailureException($"Cannot seal {releaseId}: {chain}");
            }

            var records = files.Keys
                .Select(name => (Name: name, File: name[(name.LastIndexOf('/') + 1)..]))
                .Where(f => f.Name.Count(c => c == '/') == 3)
                .Select(f => EvidenceLayout.TryParseFileName(f.File, out int sequence, out string kind)
                    ? new ManifestEntry(sequence, kind, f.Name, EvidenceHash.Of(files[f.Name].Span))
                    : null)
                .OfType<ManifestEntry>()
                .OrderBy(e => e.Sequence)
                .ToList();
            WormCapability worm = await this.worm.Value.ConfigureAwait(false);
            var manifest = new EvidenceManifest(releaseId, service, records, records[^1].Sha256, this.time.GetUtcNow(), worm.Status, this.signer.Kid);
            manifestBytes = manifest.ToBytes();
            AppendOutcome written = await this.CreateAsync(manifestName, manifestBytes, EvidenceWriteMode.FirstWriteWins, cancellationToken).ConfigureAwait(false);
            if (written.AlreadyPresent)
            {
                // A concurrent seal won the race: its manifest is the manifest.
                already = true;
                manifestBytes = (await this.DownloadAsync(manifestName, cancellationToken).ConfigureAwait(false)).ToArray();
            }
        }

        EvidenceManifest sealedManifest = EvidenceManifest.Parse(manifestBytes);
        if (!files.ContainsKey(signatureName))
        {
            // ECDSA signatures are randomised: after a crash between the two writes the first signature stands.
            await this.CreateAsync(signatureName, this.signer.Sign(manifestBytes), EvidenceWriteMode.FirstWriteWins, cancellationToken).ConfigureAwait(false);
        }

        string manifestSha = EvidenceHash.Of(manifestBytes);
        await this.IndexHeadAsync(sealedManifest, manifestSha, cancellationToken).ConfigureAwait(false);
        return new SealOutcome(manifestName, manifestSha, sealedManifest.Head, sealedManifest.Records.Count, sealedManifest.SealedAt, already);
    }

    /// <summary>Upsert with the same values on every retry: the index row follows from the stored manifest only.</summary>
    private async Task IndexHeadAsync(EvidenceManifest manifest, string manifestSha, CancellationToken cancellationToken)
    {
        var row = new TableEntity(EvidenceLedger.FormatDate(DateOnly.FromDateTime(manifest.SealedAt.UtcDateTime)), manifest.ReleaseId)
        {
            ["Service"] = manifest.Service,
            ["Head"] = manifest.Head,
            ["Manifest"] = manifestSha,
        };
        await this.ledgerIndex.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }
}
