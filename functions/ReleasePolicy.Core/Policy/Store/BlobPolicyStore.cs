using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace ReleasePolicy.Policy.Store;

/// <summary>
/// Policy versions as create-only blobs <c>policies/v000001.yaml</c>, <c>policies/v000002.yaml</c>…: nothing is ever overwritten, so
/// every release's recorded policy stays readable, and two publishers racing for the same sequence cannot both win.
/// </summary>
public sealed class BlobPolicyStore : IPolicyStore
{
    private const int MaxPublishAttempts = 25;
    private readonly BlobContainerClient container;
    private readonly TimeProvider time;
    private readonly Func<string>? sampleText;
    private readonly Func<string, string> versionOf;
    private readonly Lazy<Task> created;

    /// <summary>Policy versions sit beside the release records in the evidence container, under the same retention.</summary>
    public const string Folder = "policies/";

    /// <param name="sampleText">The policy published when the store is empty; null to require an explicit first publish.</param>
    /// <param name="versionOf">Reads the <c>version</c> field of a policy text (used for the sample).</param>
    public BlobPolicyStore(BlobContainerClient container, TimeProvider time, Func<string>? sampleText, Func<string, string> versionOf)
    {
        this.container = container;
        this.time = time;
        this.sampleText = sampleText;
        this.versionOf = versionOf;
        this.created = new Lazy<Task>(() => this.container.CreateIfNotExistsAsync());
    }

    public async Task<PublishedPolicy> GetActiveAsync(CancellationToken cancellationToken = default)
    {
        IReadOnlyList<BlobItem> items = await this.ListItemsAsync(cancellationToken).ConfigureAwait(false);
        if (items.Count == 0)
        {
            if (this.sampleText is null)
            {
                throw new NoActivePolicyException();
            }

            string sample = this.sampleText();
            PublishOutcome seeded = await this.PublishAsync(sample, this.versionOf(sample), "built-in sample policy", cancellationToken).ConfigureAwait(false);
            return seeded.Policy ?? throw new InvalidOperationException($"Could not publish the sample policy: {seeded.Reason}");
        }

        return await this.ReadAsync(items[^1], cancellationToken).ConfigureAwait(false);
    }

    public async Task<PublishedPolicy?> GetAsync(int sequence, CancellationToken cancellationToken = default)
    {
        await this.created.Value.ConfigureAwait(false);
        BlobClient blob = this.container.GetBlobClient(BlobName(sequence));
        try
        {
            BlobDownloadResult download = await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return FromBlob(sequence, download.Details.Metadata, download.Content.ToString());
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<PublishedPolicy>> ListAsync(CancellationToken cancellationToken = default)
    {
        IReadOnlyList<BlobItem> items = await this.ListItemsAsync(cancellationToken).ConfigureAwait(false);
        var result = new List<PublishedPolicy>(items.Count);
        foreach (BlobItem item in items)
        {
            result.Add(await this.ReadAsync(item, cancellationToken).ConfigureAwait(false));
        }

        return result;
    }

    public async Task<PublishOutcome> PublishAsync(string text, string version, string publishedBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        string hash = PolicyHash.Compute(text);
        for (int attempt = 0; attempt < MaxPublishAttempts; attempt++)
        {
            IReadOnlyList<BlobItem> items = await this.ListItemsAsync(cancellationToken).ConfigureAwait(false);
            if (items.Count > 0 && items[^1].Metadata.TryGetValue("hash", out string? activeHash) && activeHash == hash)
            {
                return new PublishOutcome(PublishOutcomeKind.Unchanged, await this.ReadAsync(items[^1], cancellationToken).ConfigureAwait(false));
            }

            if (items.FirstOrDefault(i => i.Metadata.TryGetValue("hash", out string? h) && h == hash) is { } earlier)
            {
                // Exactly the text of an older, inactive version: say so, and how to make it active again. Publishing
                // it under its old version number would make two sequences claim one version.
                int earlierSequence = SequenceOf(earlier.Name);
                string earlierVersion = earlier.Metadata.TryGetValue("version", out string? v0) ? v0 : string.Empty;
                int activeSequence = SequenceOf(items[^1].Name);
                string activeVersion = items[^1].Metadata.TryGetValue("version", out string? v1) ? v1 : string.Empty;
                return new PublishOutcome(
                    PublishOutcomeKind.InactiveVersion,
                    await this.ReadAsync(earlier, cancellationToken).ConfigureAwait(false),
                    $"This text is version #{earlierSequence} ({earlierVersion}), which is not active (active is #{activeSequence}, {activeVersion}). "
                        + "To restore it, publish the same text with a new `version`.");
            }

            if (items.FirstOrDefault(i => i.Metadata.TryGetValue("version", out string? v) && v == version) is { } clash)
            {
                return new PublishOutcome(
                    PublishOutcomeKind.VersionConflict,
                    null,
                    $"Version '{version}' was already published (as {clash.Name}) with other content; give the new policy a new version.");
            }

            int sequence = items.Count == 0 ? 1 : SequenceOf(items[^1].Name) + 1;
            DateTimeOffset now = this.time.GetUtcNow();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["version"] = version,
                ["hash"] = hash,
                ["publishedat"] = now.ToString("O", CultureInfo.InvariantCulture),
                ["publishedby"] = Uri.EscapeDataString(publishedBy),
            };
            try
            {
                await this.container.GetBlobClient(BlobName(sequence)).UploadAsync(
                    BinaryData.FromString(text),
                    new BlobUploadOptions
                    {
                        Metadata = metadata,
                        HttpHeaders = new BlobHttpHeaders { ContentType = "application/yaml" },
                        Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                    },
                    cancellationToken).ConfigureAwait(false);
                return new PublishOutcome(PublishOutcomeKind.Published, new PublishedPolicy(sequence, version, hash, now, publishedBy, text));
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another publisher took this sequence number first: back off a little (randomly, so racing
                // publishers spread out) and look again.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(10, 50 * (attempt + 1))), cancellationToken).ConfigureAwait(false);
            }
        }

        throw new InvalidOperationException("Could not publish the policy: the store kept changing under us.");
    }

    private async Task<IReadOnlyList<BlobItem>> ListItemsAsync(CancellationToken cancellationToken)
    {
        await this.created.Value.ConfigureAwait(false);
        var items = new List<BlobItem>();
        await foreach (BlobItem item in this.container.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata, Prefix = Folder + "v" }, cancellationToken).ConfigureAwait(false))
        {
            items.Add(item);
        }

        return items.OrderBy(i => i.Name, StringComparer.Ordinal).ToArray();
    }

    private async Task<PublishedPolicy> ReadAsync(BlobItem item, CancellationToken cancellationToken)
    {
        BlobDownloadResult download = await this.container.GetBlobClient(item.Name).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
        return FromBlob(SequenceOf(item.Name), download.Details.Metadata, download.Content.ToString());
    }

    private static PublishedPolicy FromBlob(int sequence, IDictionary<string, string> metadata, string text) => new(
        sequence,
        metadata.TryGetValue("version", out string? version) ? version : string.Empty,
        metadata.TryGetValue("hash", out string? hash) ? hash : PolicyHash.Compute(text),
        metadata.TryGetValue("publishedat", out string? at) ? DateTimeOffset.Parse(at, CultureInfo.InvariantCulture) : default,
        metadata.TryGetValue("publishedby", out string? by) ? Uri.UnescapeDataString(by) : string.Empty,
        text);

    private static string BlobName(int sequence) => string.Create(CultureInfo.InvariantCulture, $"{Folder}v{sequence:D6}.yaml");

    private static int SequenceOf(string blobName) => int.Parse(blobName.AsSpan(Folder.Length + 1, 6), CultureInfo.InvariantCulture);
}
