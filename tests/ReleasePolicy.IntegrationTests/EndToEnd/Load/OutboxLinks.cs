using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ReleasePolicy.IntegrationTests.Infrastructure;

namespace ReleasePolicy.IntegrationTests.EndToEnd.Load;

/// <summary>
/// The approval links of many releases, read straight from the host's dev outbox container: the outbox API lists at
/// most 200 mails, and asking it once per release would poll per release. One listing (with metadata) per call, and
/// each mail of a watched release downloaded once.
/// </summary>
internal sealed class OutboxLinks(HostSettings settings, IReadOnlySet<string> releaseIds)
{
    private readonly BlobContainerClient container = new(settings.StorageConnectionString, settings.OutboxContainer);
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);
    private readonly List<OutboxMail> requests = [];

    /// <summary>Every approval request mail with a link read so far.</summary>
    public IReadOnlyList<OutboxMail> ApprovalRequests => this.requests;

    /// <summary>Reads the mails sent since the last call; returns how many releases have at least <paramref name="perRelease"/> approval requests.</summary>
    public async Task<int> RefreshAsync(int perRelease)
    {
        if (await this.container.ExistsAsync())
        {
            await foreach (BlobItem item in this.container.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata }))
            {
                // The store escapes the release id in metadata; ours are plain "rel-" + hex, so escaping changes nothing.
                if (!item.Name.EndsWith(".json", StringComparison.Ordinal) || !this.seen.Add(item.Name)
                    || !item.Metadata.TryGetValue("releaseid", out string? releaseId) || !releaseIds.Contains(releaseId))
                {
                    continue;
                }

                BinaryData content = (await this.container.GetBlobClient(item.Name).DownloadContentAsync()).Value.Content;
                using var json = System.Text.Json.JsonDocument.Parse(content.ToMemory());
                OutboxMail mail = OutboxMail.From(json.RootElement);
                if (mail.Kind == "approval-request" && mail.Link is not null)
                {
                    this.requests.Add(mail);
                }
            }
        }

        return this.requests.GroupBy(m => m.ReleaseId, StringComparer.Ordinal).Count(g => g.Count() >= perRelease);
    }
}
