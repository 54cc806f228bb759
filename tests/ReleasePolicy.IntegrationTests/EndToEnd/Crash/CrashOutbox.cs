using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ReleasePolicy.IntegrationTests.Infrastructure;

namespace ReleasePolicy.IntegrationTests.EndToEnd.Crash;

/// <summary>
/// The approval requests in the host's dev outbox, read straight from its container (it outlives every host) with one
/// listing per refresh, each new mail downloaded once. The links name the host that sent them, which may be dead: a
/// click takes only the link's path (<see cref="ChaosHost.AnswerAsync"/>).
/// </summary>
internal sealed class CrashOutbox(HostSettings settings)
{
    private readonly BlobContainerClient container = new(settings.StorageConnectionString, settings.OutboxContainer);
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<OutboxMail>> requests = new(StringComparer.Ordinal);

    /// <summary>The approval requests with a link mailed for the release so far, in the order read.</summary>
    public IReadOnlyList<OutboxMail> RequestsFor(string releaseId)
    {
        lock (this.requests)
        {
            return this.requests.TryGetValue(releaseId, out List<OutboxMail>? mails) ? [.. mails] : [];
        }
    }

    public async Task RefreshAsync()
    {
        if (!await this.container.ExistsAsync())
        {
            return;
        }

        await foreach (BlobItem item in this.container.GetBlobsAsync())
        {
            if (!item.Name.EndsWith(".json", StringComparison.Ordinal) || !this.seen.Add(item.Name))
            {
                continue;
            }

            BinaryData content = (await this.container.GetBlobClient(item.Name).DownloadContentAsync()).Value.Content;
            using var json = JsonDocument.Parse(content.ToMemory());
            OutboxMail mail = OutboxMail.From(json.RootElement);
            if (mail.Kind == "approval-request" && mail.Link is not null && mail.ReleaseId is not null)
            {
                lock (this.requests)
                {
                    if (!this.requests.TryGetValue(mail.ReleaseId, out List<OutboxMail>? mails))
                    {
                        this.requests[mail.ReleaseId] = mails = [];
                    }

                    mails.Add(mail);
                }
            }
        }
    }
}
