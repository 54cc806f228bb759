using Azure.Data.Tables;
using Azure.Data.Tables.Models;
using Azure.Storage.Blobs;

namespace ReleasePolicy.IntegrationTests.Infrastructure;

/// <summary>
/// What a host has stored, counted straight from storage (not through the API): rows of the release index, archived
/// submissions and policy versions. Two equal snapshots around a request mean it wrote nothing.
/// </summary>
internal sealed record WrittenState(int ReleaseRows, int Submissions, int PolicyVersions)
{
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

        var blobs = new BlobServiceClient(settings.StorageConnectionString);
        return new WrittenState(
            rows,
            await CountBlobsAsync(blobs.GetBlobContainerClient(settings.PolicyContainer + "-submissions")),
            await CountBlobsAsync(blobs.GetBlobContainerClient(settings.PolicyContainer)));
    }

    private static async Task<int> CountBlobsAsync(BlobContainerClient container)
    {
        if (!await container.ExistsAsync())
        {
            return 0;
        }

        int count = 0;
        await foreach (var _ in container.GetBlobsAsync())
        {
            count++;
        }

        return count;
    }
}
