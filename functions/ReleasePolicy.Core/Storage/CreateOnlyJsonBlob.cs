using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace ReleasePolicy.Storage;

/// <summary>
/// Writes a JSON record to a blob only if no blob has that name yet: the first writer wins, a retry or a racer finds
/// the record already there and reads it instead (the ad-hoc freeze and root-cause analysis records).
/// </summary>
internal static class CreateOnlyJsonBlob
{
    /// <returns>True when this call wrote the blob; false when one already existed (nothing was changed).</returns>
    public static async Task<bool> TryCreateAsync(BlobClient blob, byte[] json, CancellationToken cancellationToken)
    {
        try
        {
            await blob.UploadAsync(
                new BinaryData(json),
                new BlobUploadOptions
                {
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                    HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
                },
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }
}
