using Azure;
using Azure.Data.Tables;

namespace ReleasePolicy.IntegrationTests.Security;

/// <summary>
/// Every row of one table as "partition/row@etag", read straight from storage: two equal snapshots mean nothing was
/// written, updated or deleted in between.
/// </summary>
internal static class TableRows
{
    public static async Task<IReadOnlyList<string>> SnapshotAsync(string connectionString, string tableName)
    {
        TableClient table = new TableServiceClient(connectionString).GetTableClient(tableName);
        var rows = new List<string>();
        try
        {
            await foreach (TableEntity row in table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
            {
                rows.Add($"{row.PartitionKey}/{row.RowKey}@{row.ETag}");
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // The host creates its tables on first use: no table is no rows.
        }

        return rows.Order(StringComparer.Ordinal).ToArray();
    }
}
