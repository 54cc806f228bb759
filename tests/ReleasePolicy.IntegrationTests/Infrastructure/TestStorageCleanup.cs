using Azure.Data.Tables;
using Azure.Storage.Blobs;
using DurableTask.AzureStorage;

namespace ReleasePolicy.IntegrationTests.Infrastructure;

/// <summary>
/// Deletes what one test's host created (its task hub, table and containers) when the run uses storage that outlives
/// it (<c>AZURITE_CONNECTION_STRING</c>). The run's own Azurite is deleted whole when the test process exits.
/// </summary>
internal static class TestStorageCleanup
{
    public static async Task DeleteAsync(HostSettings settings)
    {
        if (!TestStorage.IsExternal)
        {
            return;
        }

        var hub = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(settings.StorageConnectionString),
            TaskHubName = settings.TaskHub,
            PartitionCount = 1,
        });
        await hub.DeleteAsync();
        var tables = new TableServiceClient(settings.StorageConnectionString);
        await tables.DeleteTableAsync(settings.ReleasesTable);
        await tables.DeleteTableAsync(settings.LedgerTable);
        await tables.DeleteTableAsync(settings.ApprovalsTable);
        await tables.DeleteTableAsync(settings.TokenTable);
        await tables.DeleteTableAsync(settings.CalendarTable);
        await tables.DeleteTableAsync(settings.EventsTable);
        await tables.DeleteTableAsync(settings.OutboundEventsTable);
        await tables.DeleteTableAsync(settings.DevEventsTable);
        await tables.DeleteTableAsync(settings.IncidentsTable);
        var blobs = new BlobServiceClient(settings.StorageConnectionString);
        foreach (string container in settings.Containers)
        {
            await blobs.GetBlobContainerClient(container).DeleteIfExistsAsync();
        }
    }
}
