using System.Globalization;
using Azure;
using Azure.Data.Tables;
using ReleasePolicy.Storage;

namespace ReleasePolicy.Deployment.Outbound;

/// <summary>
/// The local stand-in for the topic: one table row per event, listed by <c>GET /api/dev/events</c>. Row keys start
/// with the inverted event time, so a partition scan is newest first, and end with the hash of the id, so keeping the
/// same event twice (a retried activity) is one row. Reading never creates the table.
/// </summary>
public sealed class DevEventOutbox(TableClient table)
{
    /// <summary>The most events one listing returns (a development tool, not an archive).</summary>
    public const int MaxListed = 200;

    private const string Partition = "events";

    private readonly TableClient client = table;
    private readonly TableOnFirstUse table = new(table);

    /// <returns>False when the event was kept before (nothing written).</returns>
    public async Task<bool> KeepAsync(OutboundReleaseEvent releaseEvent, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(releaseEvent);
        TableClient writer = await this.table.GetAsync(cancellationToken).ConfigureAwait(false);
        string row = string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.MaxValue.UtcTicks - releaseEvent.Time.UtcTicks:D19}-{PublishedEventLedger.KeyOf(releaseEvent.Id)}");
        var entity = new TableEntity(Partition, row)
        {
            ["EventId"] = releaseEvent.Id,
            ["Source"] = source,
            ["Type"] = releaseEvent.Type,
            ["ReleaseId"] = releaseEvent.ReleaseId,
            ["Subject"] = releaseEvent.Subject,
            ["Time"] = releaseEvent.Time,
            ["Data"] = releaseEvent.DataJson,
        };
        try
        {
            await writer.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Newest first; <paramref name="releaseId"/> narrows it to one release.</summary>
    public async Task<IReadOnlyList<DevEvent>> ListAsync(string? releaseId, CancellationToken cancellationToken)
    {
        var events = new List<DevEvent>();
        string filter = string.IsNullOrEmpty(releaseId)
            ? TableClient.CreateQueryFilter($"PartitionKey eq {Partition}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and ReleaseId eq {releaseId}");
        try
        {
            await foreach (TableEntity row in this.client.QueryAsync<TableEntity>(filter, maxPerPage: MaxListed, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                events.Add(new DevEvent(
                    row.GetString("EventId"),
                    row.GetString("Source"),
                    row.GetString("Type"),
                    row.GetString("Subject"),
                    row.GetDateTimeOffset("Time") ?? DateTimeOffset.MinValue,
                    row.GetString("Data")));
                if (events.Count == MaxListed)
                {
                    break;
                }
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No event kept yet: the table does not exist.
        }

        return events;
    }
}

/// <summary>One kept event, as <c>GET /api/dev/events</c> lists it (<see cref="DataJson"/> is the CloudEvent's <c>data</c>).</summary>
public sealed record DevEvent(string Id, string Source, string Type, string Subject, DateTimeOffset Time, string DataJson);
