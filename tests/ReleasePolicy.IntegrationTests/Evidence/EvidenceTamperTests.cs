using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Time.Testing;
using ReleasePolicy.Evidence;
using ReleasePolicy.Testing;

namespace ReleasePolicy.IntegrationTests.Evidence;

/// <summary>
/// Someone with storage access tampers with sealed evidence through the storage SDK (the app itself has no such
/// path); the verifier and the offline tool, on a downloaded copy of the container, both name the first broken blob.
/// </summary>
public sealed class EvidenceTamperTests
{
    private const string Release = "rel-tamper";

    [Fact]
    public async Task Untouched_VerifiesWithTheVerifierAndTheOfflineTool()
    {
        using EvidenceTestStore test = await EvidenceTestStore.CreateAsync();
        await test.SealedReleaseAsync(Release);

        await AssertDetectedAsync(test, expectedBlob: null, expectedReason: null);
    }

    [Fact]
    public async Task OneByteAltered_IsDetectedAtThatRecord()
    {
        using EvidenceTestStore test = await EvidenceTestStore.CreateAsync();
        await test.SealedReleaseAsync(Release);
        BlobClient target = test.Container.GetBlobClient(SampleEvidence.RecordName(Release, 3, "signal"));
        byte[] bytes = (await target.DownloadContentAsync()).Value.Content.ToArray();
        bytes[^20] ^= 0x20;
        await target.UploadAsync(BinaryData.FromBytes(bytes), overwrite: true);

        await AssertDetectedAsync(test, target.Name, "content altered");
    }

    [Fact]
    public async Task RecordDeleted_IsDetectedAtTheMissingRecord()
    {
        using EvidenceTestStore test = await EvidenceTestStore.CreateAsync();
        await test.SealedReleaseAsync(Release);
        string target = SampleEvidence.RecordName(Release, 2, "signal");
        await test.Container.DeleteBlobAsync(target);

        await AssertDetectedAsync(test, target, "missing");
    }

    [Fact]
    public async Task RecordInserted_IsDetectedAtTheInsertedRecord()
    {
        using EvidenceTestStore test = await EvidenceTestStore.CreateAsync();
        SealOutcome sealedRelease = await test.SealedReleaseAsync(Release);
        string inserted = SampleEvidence.RecordName(Release, 6, "rollback");
        await test.Container.GetBlobClient(inserted).UploadAsync(
            BinaryData.FromBytes(EvidenceRecordWriter.Write(SampleEvidence.Entry(Release, 6, "rollback"), sealedRelease.Head)));

        await AssertDetectedAsync(test, inserted, "not listed in the sealed manifest");
    }

    [Fact]
    public async Task TwoRecordsReordered_IsDetectedAtTheFirstOfThem()
    {
        using EvidenceTestStore test = await EvidenceTestStore.CreateAsync();
        await test.SealedReleaseAsync(Release);
        BlobClient second = test.Container.GetBlobClient(SampleEvidence.RecordName(Release, 2, "signal"));
        BlobClient third = test.Container.GetBlobClient(SampleEvidence.RecordName(Release, 3, "signal"));
        BinaryData secondBytes = (await second.DownloadContentAsync()).Value.Content;
        BinaryData thirdBytes = (await third.DownloadContentAsync()).Value.Content;
        await second.UploadAsync(thirdBytes, overwrite: true);
        await third.UploadAsync(secondBytes, overwrite: true);

        await AssertDetectedAsync(test, second.Name, "content altered");
    }

    [Fact]
    public async Task ManifestResignedWithAnotherKey_IsDetectedAtTheManifest()
    {
        using EvidenceTestStore test = await EvidenceTestStore.CreateAsync();
        await test.SealedReleaseAsync(Release);
        await ResignAsync(test.Container, Release);

        await AssertDetectedAsync(test, EvidenceLayout.ManifestName(SampleEvidence.Service, Release), "not a trusted key");
    }

    [Fact]
    public async Task WholeReleaseDeleted_IsDetectedByTheLedger()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.Zero));
        using EvidenceTestStore test = await EvidenceTestStore.CreateAsync(time);
        await test.SealedReleaseAsync("rel-kept");
        await test.SealedReleaseAsync(Release);
        time.SetUtcNow(new DateTimeOffset(2026, 11, 3, 1, 0, 0, TimeSpan.Zero));
        await test.Store.SealLedgerAsync(new DateOnly(2026, 11, 2));
        await foreach (BlobItem blob in test.Container.GetBlobsAsync(BlobTraits.None, BlobStates.None, EvidenceLayout.ReleasePrefix(SampleEvidence.Service, Release), CancellationToken.None))
        {
            await test.Container.DeleteBlobAsync(blob.Name);
        }

        await AssertDetectedAsync(test, EvidenceLayout.ManifestName(SampleEvidence.Service, Release), "deleted");
    }

    /// <summary>The attacker's move: edit the manifest (drop the last record) and sign it with their own key.</summary>
    internal static async Task<EvidencePublicKey> ResignAsync(BlobContainerClient container, string releaseId)
    {
        using EvidenceSigner forger = EvidenceSigner.Generate();
        BlobClient manifestBlob = container.GetBlobClient(EvidenceLayout.ManifestName(SampleEvidence.Service, releaseId));
        EvidenceManifest manifest = EvidenceManifest.Parse((await manifestBlob.DownloadContentAsync()).Value.Content.ToArray());
        byte[] forged = (manifest with { Kid = forger.Kid }).ToBytes();
        await manifestBlob.UploadAsync(BinaryData.FromBytes(forged), overwrite: true);
        await container.GetBlobClient(EvidenceLayout.ManifestSignatureName(SampleEvidence.Service, releaseId)).UploadAsync(BinaryData.FromBytes(forger.Sign(forged)), overwrite: true);
        return forger.PublicKey;
    }

    private static async Task AssertDetectedAsync(EvidenceTestStore test, string? expectedBlob, string? expectedReason)
    {
        string copy = await test.DownloadCopyAsync();
        string key = Path.Combine(copy, "..", Path.GetFileName(copy) + "-key.pem");
        await File.WriteAllTextAsync(key, test.Signer.VerificationKeys.ToPem());
        try
        {
            var files = Directory.EnumerateFiles(copy, "*", SearchOption.AllDirectories)
                .ToDictionary(f => Path.GetRelativePath(copy, f).Replace('\\', '/'), f => (ReadOnlyMemory<byte>)File.ReadAllBytes(f), StringComparer.Ordinal);
            ContainerVerification result = EvidenceVerifier.VerifyContainer(files, test.Signer.VerificationKeys);
            (int exit, string output) = OfflineVerifier.Run(copy, "--key", key);

            if (expectedBlob is null)
            {
                Assert.True(result.Verified, result.FirstFailure?.ToString());
                Assert.Equal(0, exit);
                Assert.EndsWith("verified" + Environment.NewLine, output, StringComparison.Ordinal);
                return;
            }

            Assert.False(result.Verified);
            Assert.Equal(expectedBlob, result.FirstFailure!.FirstBrokenRecord);
            Assert.Contains(expectedReason!, result.FirstFailure.Reason, StringComparison.Ordinal);
            Assert.Equal(1, exit);
            Assert.Contains($"BROKEN: first broken record {expectedBlob}", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
            File.Delete(key);
        }
    }
}
