using Azure.Data.Tables;
using ReleasePolicy.IntegrationTests.Infrastructure;

namespace ReleasePolicy.IntegrationTests.Events;

/// <summary>Reads a host's events table straight from storage (not through the API), to count what a delivery wrote.</summary>
internal static class EventsTable
{
    /// <summary>Rows, in any partition, whose EventId is <paramref name="eventId"/>, by partition.</summary>
    public static async Task<IReadOnlyList<string>> PartitionsHoldingAsync(HostSettings settings, string eventId)
    {
        TableClient table = new TableServiceClient(settings.StorageConnectionString).GetTableClient(settings.EventsTable);
        var partitions = new List<string>();
        if (!await ExistsAsync(settings))
        {
            // Nothing delivered to this host yet: the table is created on first use.
            return partitions;
        }

        await foreach (TableEntity row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"EventId eq {eventId}"), select: ["PartitionKey"]))
        {
            partitions.Add(row.PartitionKey);
        }

        return partitions.Order(StringComparer.Ordinal).ToArray();
    }

    private static async Task<bool> ExistsAsync(HostSettings settings)
    {
        var tables = new TableServiceClient(settings.StorageConnectionString);
        await foreach (Azure.Data.Tables.Models.TableItem _ in tables.QueryAsync(t => t.Name == settings.EventsTable))
        {
            return true;
        }

        return false;
    }
}
