using Azure.Data.Tables;
using ReleasePolicy.IntegrationTests.Infrastructure;

namespace ReleasePolicy.IntegrationTests.EndToEnd.Load;

/// <summary>The host's inbound events table read raw, once: the partitions holding each event id.</summary>
internal static class EventLedgerRows
{
    public static async Task<IReadOnlyDictionary<string, string[]>> PartitionsByEventIdAsync(HostSettings settings)
    {
        var table = new TableClient(settings.StorageConnectionString, settings.EventsTable);
        var rows = new List<(string EventId, string Partition)>();
        await foreach (TableEntity row in table.QueryAsync<TableEntity>(select: ["PartitionKey", "EventId"]))
        {
            rows.Add((row.GetString("EventId") ?? string.Empty, row.PartitionKey));
        }

        return rows.GroupBy(r => r.EventId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(r => r.Partition).Order(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
    }
}
