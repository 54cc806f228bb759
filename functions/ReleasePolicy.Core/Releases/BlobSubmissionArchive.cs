using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace ReleasePolicy.Releases;

/// <summary>Submissions as create-only blobs <c>{releaseId}.json</c>.</summary>
public sealed class BlobSubmissionArchive : ISubmissionArchive
{
    private readonly BlobContainerClient container;
    private readonly TimeProvider time;
    private readonly Lazy<Task> created;

    public BlobSubmissionArchive(BlobContainerClient container, TimeProvider time)
    {
        this.container = container;
        this.time = time;
        this.created = new Lazy<Task>(() => this.container.CreateIfNotExistsAsync());
    }

    public async Task KeepAsync(string releaseId, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        await this.created.Value.ConfigureAwait(false);
        try
        {
            await this.container.GetBlobClient(BlobName(releaseId)).UploadAsync(
                BinaryData.FromBytes(body),
                new BlobUploadOptions
                {
                    HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
                    Metadata = new Dictionary<string, string>(StringComparer.Ordinal)
                    {
                        ["receivedat"] = this.time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
                    },
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Already kept by an earlier attempt of the same submission: the first copy stands.
        }
    }

    public async Task<ArchivedSubmission?> GetAsync(string releaseId, CancellationToken cancellationToken = default)
    {
        await this.created.Value.ConfigureAwait(false);
        try
        {
            BlobDownloadResult download = await this.container.GetBlobClient(BlobName(releaseId)).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            DateTimeOffset receivedAt = download.Details.Metadata.TryGetValue("receivedat", out string? at)
                ? DateTimeOffset.Parse(at, CultureInfo.InvariantCulture)
                : download.Details.LastModified;
            return new ArchivedSubmission(releaseId, receivedAt, download.Content.ToArray());
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private static string BlobName(string releaseId) => releaseId + ".json";
}
