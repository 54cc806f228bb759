using Azure.Data.Tables;
using Azure.Data.Tables.Models;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace ReleasePolicy.IntegrationTests.Infrastructure;

/// <summary>
/// What a host has stored, counted straight from storage (not through the API): rows of the release index, and in the
/// evidence container the release records (submissions included), policy versions, ledger days and ad-hoc freeze
/// records, root-cause analysis records, and the rows of the calendar table (bookings and ad-hoc freezes). Two equal
/// snapshots around a request mean it wrote nothing.
/// </summary>
internal sealed record WrittenState(int ReleaseRows, int EvidenceBlobs, int PolicyVersions, int LedgerBlobs, int FreezeRecords, int CalendarRows)
{
    /// <summary>Root-cause analysis records (<c>incidents/</c>) in the evidence container.</summary>
    public int IncidentRecords { get; init; }

    public static async Task<WrittenState> CaptureAsync(HostSettings settings)
    {
        var tables = new TableServiceClient(settings.StorageConnectionString);
        int rows = 0;
        await foreach (TableItem table in tables.QueryAsync(t => t.Name == settings.ReleasesTable))
        {
            await foreach (TableEntity _ in tables.GetTableClient(table.Name).QueryAsync<TableEntity>(select: ["PartitionKey"]))
            {
                rows++;
            }
        }

        int calendarRows = 0;
        await foreach (TableItem table in tables.QueryAsync(t => t.Name == settings.CalendarTable))
        {
            await foreach (TableEntity _ in tables.GetTableClient(table.Name).QueryAsync<TableEntity>(select: ["PartitionKey"]))
            {
                calendarRows++;
            }
        }

        BlobContainerClient evidence = new BlobServiceClient(settings.StorageConnectionString).GetBlobContainerClient(settings.PolicyContainer);
        return new WrittenState(
            rows,
            await CountBlobsAsync(evidence, "releases/"),
            await CountBlobsAsync(evidence, "policies/"),
            await CountBlobsAsync(evidence, "ledger/"),
            await CountBlobsAsync(evidence, "calendar/freezes/"),
            calendarRows)
        {
            IncidentRecords = await CountBlobsAsync(evidence, "incidents/"),
        };
    }

    private static async Task<int> CountBlobsAsync(BlobContainerClient container, string prefix)
    {
        if (!await container.ExistsAsync())
        {
            return 0;
        }

        int count = 0;
        await foreach (BlobItem _ in container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }))
        {
            count++;
        }

        return count;
    }
}
