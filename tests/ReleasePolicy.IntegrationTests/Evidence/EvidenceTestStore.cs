using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ReleasePolicy.Evidence;
using ReleasePolicy.IntegrationTests.Infrastructure;
using ReleasePolicy.Testing;

namespace ReleasePolicy.IntegrationTests.Evidence;

/// <summary>A blob evidence store on Azurite with its own container, ledger table and signing key.</summary>
internal sealed class EvidenceTestStore : IDisposable
{
    private EvidenceTestStore(BlobEvidenceStore store, BlobContainerClient container, EvidenceSigner signer)
    {
        this.Store = store;
        this.Container = container;
        this.Signer = signer;
    }

    public BlobEvidenceStore Store { get; }

    /// <summary>The raw container, for tests that play the attacker with the storage SDK.</summary>
    public BlobContainerClient Container { get; }

    public EvidenceSigner Signer { get; }

    public static async Task<EvidenceTestStore> CreateAsync(TimeProvider? time = null)
    {
        string connection = await TestStorage.GetConnectionStringAsync();
        BlobContainerClient container = new BlobServiceClient(connection).GetBlobContainerClient(TestNames.Unique("evidence"));
        TableClient table = new TableServiceClient(connection).GetTableClient(TestNames.Unique("ledger"));
        EvidenceSigner signer = EvidenceSigner.Generate();
        return new EvidenceTestStore(new BlobEvidenceStore(container, table, signer, new EvidenceOptions(), time ?? TimeProvider.System), container, signer);
    }

    /// <summary>Appends records 1..count of a release the way the workflow would, and seals it.</summary>
    public async Task<SealOutcome> SealedReleaseAsync(string releaseId, int count = 5)
    {
        await this.AppendAsync(releaseId, count);
        return await this.Store.SealAsync(SampleEvidence.Service, releaseId);
    }

    public async Task AppendAsync(string releaseId, int count, int from = 1)
    {
        for (int sequence = from; sequence < from + count; sequence++)
        {
            await this.Store.AppendAsync(SampleEvidence.Entry(releaseId, sequence, Kind(sequence)));
        }
    }

    public static string Kind(int sequence) => sequence == 1 ? "submission" : "signal";

    /// <summary>Downloads the whole container into a folder, as an auditor with Storage Explorer or azcopy would.</summary>
    public async Task<string> DownloadCopyAsync()
    {
        string folder = Directory.CreateTempSubdirectory("evidence-copy-").FullName;
        await foreach (BlobItem blob in this.Container.GetBlobsAsync())
        {
            string path = Path.Combine(folder, blob.Name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await this.Container.GetBlobClient(blob.Name).DownloadToAsync(path);
        }

        return folder;
    }

    public void Dispose() => this.Signer.Dispose();
}
