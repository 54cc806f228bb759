using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using ReleasePolicy.Storage;

namespace ReleasePolicy.Deployment.Outbound;

/// <summary>
/// Which event ids went out to the topic: one row per id, written after a successful send. A publish finds its row
/// and sends nothing; a crash between the send and the row re-sends the same id, which subscribers drop. Row keys are
/// hashes of the id (ids hold step text, and table keys forbid some characters); the id itself is a column.
/// </summary>
public sealed class PublishedEventLedger(TableClient table)
{
    public const string Partition = "published";

    private readonly TableOnFirstUse table = new(table);

    public async Task<bool> WasPublishedAsync(string eventId, CancellationToken cancellationToken)
    {
        TableClient client = await this.table.GetAsync(cancellationToken).ConfigureAwait(false);
        NullableResponse<TableEntity> row = await client.GetEntityIfExistsAsync<TableEntity>(Partition, KeyOf(eventId), ["EventId"], cancellationToken).ConfigureAwait(false);
        return row.HasValue;
    }

    /// <summary>Records the id as sent; recording it twice (two racing publishers) is fine.</summary>
    public async Task RecordAsync(OutboundReleaseEvent published, DateTimeOffset sentAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(published);
        TableClient client = await this.table.GetAsync(cancellationToken).ConfigureAwait(false);
        var row = new TableEntity(Partition, KeyOf(published.Id))
        {
            ["EventId"] = published.Id,
            ["Type"] = published.Type,
            ["ReleaseId"] = published.ReleaseId,
            ["SentAt"] = sentAt,
        };
        await client.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A table-safe key for an event id: the hex SHA-256 of its UTF-8 bytes.</summary>
    public static string KeyOf(string eventId)
    {
        ArgumentNullException.ThrowIfNull(eventId);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(eventId)));
    }
}
