using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ReleasePolicy.Storage;

namespace ReleasePolicy.Calendar.Store;

/// <summary>
/// Ad-hoc freezes in their own partition of the calendar table, one row per id (create-only). Start and End are typed
/// properties so a range is a server-side filter; the freeze itself is JSON.
/// </summary>
public sealed class TableFreezeStore(TableClient table) : IFreezeStore
{
    private readonly TableOnFirstUse table = new(table ?? throw new ArgumentNullException(nameof(table)));

    public async Task AddAsync(AdHocFreeze freeze, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(freeze);
        if (freeze.End <= freeze.Start)
        {
            throw new ArgumentException($"Freeze {freeze.Id} ends at {freeze.End:O}, not after its start {freeze.Start:O}.", nameof(freeze));
        }

        TableClient client = await this.table.GetAsync(cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(CalendarKeys.FreezesPartition, CalendarKeys.Freeze(freeze.Id))
        {
            ["Start"] = freeze.Start.ToUniversalTime(),
            ["End"] = freeze.End.ToUniversalTime(),
            ["Freeze"] = JsonSerializer.Serialize(freeze, JsonDefaults.Options),
        };
        try
        {
            await client.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            TableEntity existing = (await client.GetEntityAsync<TableEntity>(entity.PartitionKey, entity.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            if (!SameFreeze(Read(existing), freeze))
            {
                throw new FreezeConflictException($"Ad-hoc freeze {freeze.Id} exists with different content.", ex) { FreezeId = freeze.Id };
            }
        }
    }

    public async Task<IReadOnlyList<AdHocFreeze>> ListAsync(TimeRange range, CancellationToken cancellationToken = default)
    {
        TableClient client = await this.table.GetAsync(cancellationToken).ConfigureAwait(false);
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {CalendarKeys.FreezesPartition} and Start lt {range.End} and End gt {range.Start}");
        var freezes = new List<AdHocFreeze>();
        await foreach (TableEntity entity in client.QueryAsync<TableEntity>(filter, select: ["Freeze"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            freezes.Add(Read(entity));
        }

        return [.. freezes.OrderBy(f => f.Start).ThenBy(f => f.Id, StringComparer.Ordinal)];
    }

    private static AdHocFreeze Read(TableEntity entity) =>
        JsonSerializer.Deserialize<AdHocFreeze>(entity.GetString("Freeze") ?? "null", JsonDefaults.Options)
        ?? throw new InvalidDataException($"Freeze row {entity.RowKey} holds no freeze.");

    // The same freeze again (a retried request) is a no-op: same instants, scope, reason and author. When it was
    // created is not part of what it is, so a retry stamped a moment later still matches.
    private static bool SameFreeze(AdHocFreeze stored, AdHocFreeze added) =>
        Canonical(stored) == Canonical(added);

    private static string Canonical(AdHocFreeze freeze) => JsonSerializer.Serialize(
        freeze with
        {
            Start = freeze.Start.ToUniversalTime(),
            End = freeze.End.ToUniversalTime(),
            CreatedAt = default,
        },
        JsonDefaults.Options);
}
