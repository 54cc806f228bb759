using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using ReleasePolicy.Storage;

namespace ReleasePolicy.Deployment.Events;

/// <summary>
/// The events table, in three partitions: <c>id</c> holds one row per delivered event (source + id), the claim that
/// makes a redelivery a no-op once the event is handled (and lets a redelivery finish what a dead host started); <c>unmatched</c> holds events no release matched, newest first; and
/// <c>release|{id}</c> holds the events of one release, oldest first (received-at ticks, then the event's hash). Row
/// keys are hashes or derived from them: event ids are the sender's text and may hold characters table keys forbid.
/// </summary>
public sealed class TableEventLedger(TableClient table)
{
    public const string ClaimPartition = "id";
    public const string UnmatchedPartition = "unmatched";

    private readonly TableOnFirstUse table = new(table);

    public static string ReleasePartition(string releaseId) => "release|" + releaseId;

    /// <summary>
    /// How long a claim whose event is not yet marked handled belongs to the delivery that made it. Handling takes
    /// milliseconds; a claim older than this was left by a host that died mid-way, and the next delivery takes it over.
    /// Handling twice is harmless (the release's row is keyed by the first arrival, the orchestration drops a repeated
    /// event id); never handling is not.
    /// </summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromSeconds(5);

    private const string HandlingState = "handling";

    /// <summary>How often a delivery that found its event being handled looks again.</summary>
    private static readonly TimeSpan HandledPoll = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Claims the event for handling: <see cref="EventClaimState.Claimed"/> the first time (or when a dead delivery's
    /// claim has lapsed), <see cref="EventClaimState.Duplicate"/> once it was handled (also when another delivery was
    /// handling it and finished while this one waited), <see cref="EventClaimState.InFlight"/> when another delivery
    /// won the takeover of a lapsed claim. The claim keeps the first arrival time, which a takeover reuses.
    /// </summary>
    public async Task<EventClaim> TryClaimAsync(InboundEvent inbound, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        TableClient client = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        var claim = new TableEntity(ClaimPartition, KeyOf(inbound))
        {
            ["EventId"] = EventText.Attribute(inbound.Id),
            ["Source"] = EventText.Attribute(inbound.Source),
            ["ReceivedAt"] = receivedAt,
            ["ClaimedAt"] = receivedAt,
            ["State"] = HandlingState,
        };
        try
        {
            await client.AddEntityAsync(claim, cancellationToken).ConfigureAwait(false);
            return new EventClaim(EventClaimState.Claimed, receivedAt);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return await this.TakeOverAsync(client, inbound, receivedAt, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Marks the claimed event handled: from now on a redelivery is a duplicate.</summary>
    public async Task MarkHandledAsync(InboundEvent inbound, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        TableClient client = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        var handled = new TableEntity(ClaimPartition, KeyOf(inbound)) { ["State"] = "handled" };
        await client.UpdateEntityAsync(handled, ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Another delivery holds the claim. Handling takes milliseconds, so this waits for it (a concurrent redelivery then
    /// finds it handled: a duplicate), at most until the claim lapses; a lapsed claim was left by a host that died
    /// mid-way and is taken over (one winner, by ETag). <paramref name="receivedAt"/> is this delivery's arrival, the
    /// clock the lease is measured on.
    /// </summary>
    private async Task<EventClaim> TakeOverAsync(TableClient client, InboundEvent inbound, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            NullableResponse<TableEntity> read = await client.GetEntityIfExistsAsync<TableEntity>(ClaimPartition, KeyOf(inbound), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!read.HasValue)
            {
                // Given back a moment ago by a delivery that failed: the sender retries, and so does this delivery.
                return new EventClaim(EventClaimState.InFlight, receivedAt);
            }

            TableEntity existing = read.Value!;
            DateTimeOffset firstArrival = existing.GetDateTimeOffset("ReceivedAt") ?? receivedAt;
            if (existing.GetString("State") != HandlingState)
            {
                // Handled (claims from before the handling state have none and were handled when written).
                return new EventClaim(EventClaimState.Duplicate, firstArrival);
            }

            DateTimeOffset now = receivedAt + waited.Elapsed;
            DateTimeOffset lapses = (existing.GetDateTimeOffset("ClaimedAt") ?? firstArrival) + ClaimLease;
            if (now < lapses)
            {
                TimeSpan pause = lapses - now;
                await Task.Delay(pause < HandledPoll ? pause : HandledPoll, cancellationToken).ConfigureAwait(false);
                continue;
            }

            existing["ClaimedAt"] = now;
            try
            {
                await client.UpdateEntityAsync(existing, existing.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return new EventClaim(EventClaimState.Claimed, firstArrival);
            }
            catch (RequestFailedException e) when (e.Status is 412 or 404)
            {
                // Another redelivery took it over first: it handles the event now; this one asks the sender to come back.
                return new EventClaim(EventClaimState.InFlight, firstArrival);
            }
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
