using Azure;
using Azure.Data.Tables;
using ReleasePolicy.IntegrationTests.Infrastructure;

namespace ReleasePolicy.IntegrationTests.EndToEnd.Load;

/// <summary>
/// The releases whose <c>ReleasePolicy.Release.Cleared</c> (the pipeline's go-ahead) has been published, read raw from
/// the host's dev event outbox in one query: the outbox route lists only the newest 200 events, and the release's stage
/// reads <c>deployment</c> a moment before the go-ahead is out, too early for a pipeline to start.
/// </summary>
internal static class ClearedReleases
{
    public static async Task<IReadOnlySet<string>> ReadAsync(HostSettings settings)
    {
        var table = new TableClient(settings.StorageConnectionString, settings.DevEventsTable);
        var cleared = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await foreach (TableEntity row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Type eq {"ReleasePolicy.Release.Cleared"}"), select: ["ReleaseId"]))
            {
                cleared.Add(row.GetString("ReleaseId"));
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Nothing published yet: the outbox creates its table with the first event.
        }

        return cleared;
    }
}
