using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace ReleasePolicy.Notifications.DevOutbox;

/// <summary>
/// The local stand-in for a mailbox: each mail is two blobs, <c>{id}.html</c> (the body, written first) and
/// <c>{id}.json</c> (what the outbox lists; its presence means the mail was sent). Ids start with the inverted send
/// time, so a plain listing is newest first. The JSON blob's metadata carries the release and recipient, so a filtered
/// listing (tests poll by release) downloads only the mails that match. Reading never creates the container.
/// </summary>
public sealed partial class DevOutboxStore(BlobContainerClient container, TimeProvider time)
{
    /// <summary>The most mails one listing reads (a development tool, not an archive).</summary>
    public const int MaxListed = 200;

    private const string ReleaseKey = "releaseid";
    private const string ToKey = "to";
    private const string ToMailKey = "tomail";

    public async Task<string> SaveAsync(OutgoingMail mail, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mail);
        DateTimeOffset sentAt = time.GetUtcNow();
        string id = string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.MaxValue.UtcTicks - sentAt.UtcTicks:D19}-{Guid.NewGuid():N}");
        var stored = new OutboxMail(
            id,
            new OutboxRecipient(mail.To.Id, mail.To.DisplayName, mail.To.Mail),
            mail.Kind,
            mail.Subject,
            mail.ReleaseId,
            mail.Links.Select(l => new OutboxLink(l.Label, l.Url.AbsoluteUri)).ToArray(),
            sentAt,
            id + ".html");

        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await UploadAsync(container.GetBlobClient(stored.BodyBlob), Encoding.UTF8.GetBytes(mail.HtmlBody), "text/html; charset=utf-8", cancellationToken).ConfigureAwait(false);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // Escaped: metadata travels as HTTP headers, which carry ASCII only.
            [ReleaseKey] = Uri.EscapeDataString(stored.ReleaseId),
            [ToKey] = Uri.EscapeDataString(stored.To.Id),
            [ToMailKey] = Uri.EscapeDataString(stored.To.Mail ?? string.Empty),
        };
        await UploadAsync(container.GetBlobClient(id + ".json"), JsonSerializer.SerializeToUtf8Bytes(stored, JsonDefaults.Options), "application/json", cancellationToken, metadata).ConfigureAwait(false);
        return id;
    }

    /// <summary>Newest first; <paramref name="releaseId"/> and <paramref name="to"/> (a person's id or mail) narrow it.</summary>
    public async Task<IReadOnlyList<OutboxMail>> ListAsync(string? releaseId, string? to, CancellationToken cancellationToken = default)
    {
        var mails = new List<OutboxMail>();
        if (!await container.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            return mails;
        }

        await foreach (BlobItem item in container.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata }, cancellationToken).ConfigureAwait(false))
        {
            if (!item.Name.EndsWith(".json", StringComparison.Ordinal) || !MayMatch(item.Metadata, releaseId, to))
            {
                continue;
            }

            BlobDownloadResult content = (await container.GetBlobClient(item.Name).DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value;
            OutboxMail? mail = JsonSerializer.Deserialize<OutboxMail>(content.Content.ToMemory().Span, JsonDefaults.Options);
            if (mail is not null && Matches(mail, releaseId, to))
            {
                mails.Add(mail);
                if (mails.Count == MaxListed)
                {
                    break;
                }
            }
        }

        return mails;
    }

    /// <summary>The stored HTML body; null for an id this outbox never issued.</summary>
    public async Task<string?> GetBodyAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!IsId(id))
        {
            return null;
        }

        try
        {
            BlobDownloadResult body = (await container.GetBlobClient(id + ".html").DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value;
            return body.Content.ToString();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public static bool IsId(string? id) => id is not null && MailId().IsMatch(id);

    /// <summary>False only when the blob's metadata shows it cannot match (so it is not downloaded).</summary>
    private static bool MayMatch(IDictionary<string, string>? metadata, string? releaseId, string? to)
    {
        if (metadata is null || !metadata.TryGetValue(ReleaseKey, out string? release) || !metadata.TryGetValue(ToKey, out string? person))
        {
            return true;
        }

        string? mail = metadata.TryGetValue(ToMailKey, out string? address) ? Uri.UnescapeDataString(address) : null;
        return Matches(Uri.UnescapeDataString(release), Uri.UnescapeDataString(person), mail, releaseId, to);
    }

    private static bool Matches(OutboxMail mail, string? releaseId, string? to) => Matches(mail.ReleaseId, mail.To.Id, mail.To.Mail, releaseId, to);

    private static bool Matches(string mailRelease, string person, string? address, string? releaseId, string? to) =>
        (string.IsNullOrEmpty(releaseId) || string.Equals(mailRelease, releaseId, StringComparison.Ordinal))
        && (string.IsNullOrEmpty(to)
            || string.Equals(person, to, StringComparison.OrdinalIgnoreCase)
            || string.Equals(address, to, StringComparison.OrdinalIgnoreCase));

    private static async Task UploadAsync(BlobClient blob, byte[] content, string contentType, CancellationToken cancellationToken, IDictionary<string, string>? metadata = null)
    {
        var options = new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType }, Metadata = metadata };
        await blob.UploadAsync(new BinaryData(content), options, cancellationToken).ConfigureAwait(false);
    }

    [GeneratedRegex("^[0-9]{19}-[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex MailId();
}
