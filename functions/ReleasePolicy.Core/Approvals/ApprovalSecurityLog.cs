using System.Globalization;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace ReleasePolicy.Approvals;

/// <summary>
/// Refused approval attempts whose credential proves nothing (malformed, forged, expired, a bad Outlook token): they
/// cannot be tied to a release's chain without trusting their contents, so each is kept as its own create-only record
/// under <c>security/approval-refusals/{date}/</c> in the evidence container, beside the chains auditors read.
/// </summary>
public sealed class ApprovalSecurityLog(BlobContainerClient container, TimeProvider time)
{
    public const string Prefix = "security/approval-refusals/";

    /// <param name="claimed">What the credential claimed (unverified), for correlation; never the credential itself.</param>
    public async Task<string> RecordAsync(string route, string code, string reason, string? claimed, CancellationToken cancellationToken = default)
    {
        DateTimeOffset now = time.GetUtcNow();
        string name = string.Create(CultureInfo.InvariantCulture, $"{Prefix}{now:yyyy-MM-dd}/{now:HHmmssfffffff}-{Guid.NewGuid():N}.json");
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(new { recordedAt = now, route, code, reason, claimedUnverified = claimed }, JsonDefaults.Options);
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await container.GetBlobClient(name).UploadAsync(
            new BinaryData(body),
            new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = Azure.ETag.All },
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
            },
            cancellationToken).ConfigureAwait(false);
        return name;
    }

    public async Task<IReadOnlyList<string>> ListAsync(DateOnly day, CancellationToken cancellationToken = default)
    {
        var names = new List<string>();
        await foreach (BlobItem blob in container.GetBlobsAsync(new GetBlobsOptions { Prefix = string.Create(CultureInfo.InvariantCulture, $"{Prefix}{day:yyyy-MM-dd}/") }, cancellationToken).ConfigureAwait(false))
        {
            names.Add(blob.Name);
        }

        return names;
    }
}
