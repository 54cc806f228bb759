using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using ReleasePolicy.Storage;

namespace ReleasePolicy.Deployment.Events;

/// <summary>
/// The events table, in three partitions: <c>id</c> holds one create-only row per delivered event (source + id), the
/// claim that makes a redelivery a no-op; <c>unmatched</c> holds events no release matched, newest first; and
/// <c>release|{id}</c> holds the events of one release, oldest first (received-at ticks, then the event's hash). Row
/// keys are hashes or derived from them: event ids are the sender's text and may hold characters table keys forbid.
/// </summary>
public sealed class TableEventLedger(TableClient table)
{
    public const string ClaimPartition = "id";
    public const string UnmatchedPartition = "unmatched";

    private readonly TableOnFirstUse table = new(table);

    public static string ReleasePartition(string releaseId) => "release|" + releaseId;

    /// <summary>Claims the event: true the first time, false (and nothing written) when it was delivered before.</summary>
    public async Task<bool> TryClaimAsync(InboundEvent inbound, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        TableClient client = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        var claim = new TableEntity(ClaimPartition, KeyOf(inbound))
        {
            ["EventId"] = EventText.Attribute(inbound.Id),
            ["Source"] = EventText.Attribute(inbound.Source),
            ["ReceivedAt"] = receivedAt,
        };
        try
        {
            await client.AddEntityAsync(claim, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Gives a claim back when its event could not be handled, so Event Grid's retry is handled, not ignored.</summary>
    public async Task ReleaseClaimAsync(InboundEvent inbound, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        TableClient client = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        await client.DeleteEntityAsync(ClaimPartition, KeyOf(inbound), ETag.All, cancellationToken).ConfigureAwait(false);
    }

    public Task RecordUnmatchedAsync(InboundEvent inbound, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        // Inverted ticks first: a partition scan returns the newest first.
        string row = (DateTimeOffset.MaxValue.UtcTicks - receivedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "-" + KeyOf(inbound);
        return this.AddOnceAsync(Row(UnmatchedPartition, row, inbound, receivedAt, releaseId: null), cancellationToken);
    }

    public Task RecordForReleaseAsync(InboundEvent inbound, string releaseId, string how, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        // Ticks first: a partition scan returns the release's events in the order they arrived.
        string key = receivedAt.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + "-" + KeyOf(inbound);
        TableEntity row = Row(ReleasePartition(releaseId), key, inbound, receivedAt, releaseId);
        row["MatchedBy"] = how;
        return this.AddOnceAsync(row, cancellationToken);
    }

    /// <summary>Unmatched events, newest first.</summary>
    public async Task<IReadOnlyList<StoredEvent>> ListUnmatchedAsync(int limit, CancellationToken cancellationToken)
    {
        TableClient client = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        var events = new List<StoredEvent>(Math.Min(limit, 100));
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {UnmatchedPartition}");
        await foreach (TableEntity row in client.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(limit, 1000), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            events.Add(StoredOf(row));
            if (events.Count == limit)
            {
                break;
            }
        }

        return events;
    }

    /// <summary>
    /// The events recorded for a release, oldest first, at most <paramref name="limit"/>. An event handled twice (its
    /// claim given back after a failure, then redelivered) is shown once, at its first arrival.
    /// </summary>
    public async Task<IReadOnlyList<StoredEvent>> ListForReleaseAsync(string releaseId, int limit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(releaseId);
        TableClient client = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        var events = new List<StoredEvent>(Math.Min(limit, 100));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {ReleasePartition(releaseId)}");
        await foreach (TableEntity row in client.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(limit, 1000), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            string hash = row.RowKey[(row.RowKey.IndexOf('-', StringComparison.Ordinal) + 1)..];
            if (!seen.Add(hash))
            {
                continue;
            }

            events.Add(StoredOf(row) with { MatchedBy = row.GetString("MatchedBy") });
            if (events.Count == limit)
            {
                break;
            }
        }

        return events;
    }

    /// <summary>The row key of one event: SHA-256 of its source and id (CloudEvents: unique per source).</summary>
    public static string KeyOf(InboundEvent inbound)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(inbound.Source + "\n" + inbound.Id)));
    }

    private static TableEntity Row(string partition, string row, InboundEvent inbound, DateTimeOffset receivedAt, string? releaseId)
    {
        (string? data, bool truncated) = EventText.Cut(inbound.DataJson, EventText.MaxDataBytes);
        return new TableEntity(partition, row)
        {
            ["EventId"] = EventText.Attribute(inbound.Id),
            ["Type"] = EventText.Attribute(inbound.Type),
            ["Source"] = EventText.Attribute(inbound.Source),
            ["Subject"] = EventText.Attribute(inbound.Subject),
            ["Time"] = inbound.Time,
            ["ReceivedAt"] = receivedAt,
            ["Schema"] = inbound.Schema.ToString(),
            ["Data"] = data,
            ["DataTruncated"] = truncated,
            ["ReleaseId"] = releaseId,
        };
    }

    private static StoredEvent StoredOf(TableEntity row) => new(
        row.GetString("EventId") ?? string.Empty,
        row.GetString("Type") ?? string.Empty,
        row.GetString("Source") ?? string.Empty,
        row.GetString("Subject"),
        row.GetDateTimeOffset("Time"),
        row.GetDateTimeOffset("ReceivedAt") ?? DateTimeOffset.MinValue,
        Enum.TryParse(row.GetString("Schema"), out EventSchema schema) ? schema : EventSchema.EventGrid,
        row.GetString("Data"),
        row.GetBoolean("DataTruncated") ?? false,
        row.GetString("ReleaseId"));

    /// <summary>Create-only: the same event recorded twice (a retry after a lost claim) keeps its first row.</summary>
    private async Task AddOnceAsync(TableEntity row, CancellationToken cancellationToken)
    {
        TableClient client = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await client.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Already there: nothing more to write.
        }
    }

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => this.table.GetAsync(cancellationToken);
}
