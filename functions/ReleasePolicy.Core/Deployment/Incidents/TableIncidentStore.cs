using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ReleasePolicy.Storage;

namespace ReleasePolicy.Deployment.Incidents;

/// <summary>
/// Incidents in one Azure Table. Partition <c>incident</c> holds one row per incident, keyed by its id: the record as
/// JSON (the truth) plus the columns lists filter on. Partition <c>owing|{service}|{environment}</c> indexes the
/// incidents of one service in one environment with an <c>Owing</c> flag, so readiness asks one partition, never a scan
/// of every incident. The index is a hint: each hit is confirmed against the incident row (a crash between the two
/// writes leaves at worst a stale flag, which the confirmation ignores and repairs).
/// </summary>
public sealed class TableIncidentStore(TableClient table, TimeProvider time) : IIncidentStore
{
    public const string IncidentPartition = "incident";

    /// <summary>Lists read at most this many rows before sorting them newest first (incidents are rare: one per rollback).</summary>
    public const int MaxListScan = 5000;

    /// <summary>
    /// A table string property holds at most 64 KiB (32K UTF-16 characters), and an analysis with escaped non-ASCII text
    /// can exceed that: the JSON is split over <c>Json</c>, <c>Json1</c>… (8 × 30,000 characters stay under the 1 MiB entity).
    /// </summary>
    private const int ChunkLength = 30_000;

    private static readonly string[] JsonColumns = ["Json", "Json1", "Json2", "Json3", "Json4", "Json5", "Json6", "Json7"];

    /// <summary>Concurrent updates of one incident retry this often on a stale ETag before giving up.</summary>
    private const int MaxAttempts = 5;

    private readonly TableOnFirstUse table = new(table);

    public static string IndexPartition(string service, string environment) => "owing|" + service + "|" + environment;

    public async Task<Incident> OpenAsync(Incident incident, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(incident);
        TableClient client = await this.table.GetAsync(cancellationToken).ConfigureAwait(false);
        Incident stored = incident;
        try
        {
            await client.AddEntityAsync(Row(incident), cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // A retried rollback activity: the incident opened the first time stands.
            stored = await this.GetAsync(incident.Id, cancellationToken).ConfigureAwait(false) ?? incident;
        }

        // Written on both paths, so a retry repairs an index row the first attempt did not get to.
        await client.UpsertEntityAsync(IndexRow(stored), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        return stored;
    }

    public async Task<Incident?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return (await this.ReadAsync(id, cancellationToken).ConfigureAwait(false))?.Incident;
    }

    public Task<Incident> RecordRollbackAsync(string id, DateTimeOffset? rolledBackAt, bool rtoMet, CancellationToken cancellationToken = default) =>
        this.UpdateAsync(id, current => current with { RolledBackAt = rolledBackAt, RtoMet = rtoMet }, cancellationToken);

    public async Task<Incident> FileRootCauseAsync(string id, RootCauseAnalysis analysis, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        return await this.UpdateAsync(
            id,
            current => current.RootCauseAnalysis is null
                ? current with { RootCauseAnalysis = analysis }
                : throw new RootCauseAlreadyFiledException($"Incident {id} already has a root-cause analysis, filed by {current.RootCauseAnalysis.FiledBy} at {current.RootCauseAnalysis.FiledAt:O}.") { Incident = current },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Incident>> ListAsync(string? service, bool? owingRootCause, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        TableClient client = await this.table.GetAsync(cancellationToken).ConfigureAwait(false);
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {IncidentPartition}");
        if (service is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Service eq {service}");
        }

        if (owingRootCause is { } owing)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Owing eq {owing}");
        }

        var incidents = new List<Incident>();
        await foreach (TableEntity row in client.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: JsonColumns, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            incidents.Add(Parse(row));
            if (incidents.Count == MaxListScan)
            {
                break;
            }
        }

        return incidents
            .OrderByDescending(i => i.OpenedAt)
            .ThenBy(i => i.Id, StringComparer.Ordinal)
            .Take(limit)
            .ToArray();
    }

    public async Task<IReadOnlyList<Incident>> OwingRootCauseAsync(string service, string environment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(environment);
        TableClient client = await this.table.GetAsync(cancellationToken).ConfigureAwait(false);
        string partition = IndexPartition(service, environment);
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and Owing eq {true}");
        var owed = new List<Incident>();
        await foreach (TableEntity hint in client.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            Incident? incident = await this.GetAsync(hint.RowKey, cancellationToken).ConfigureAwait(false);
            if (incident?.OwesRootCauseAnalysis == true)
            {
                owed.Add(incident);
            }
            else if (incident is not null)
            {
                // The analysis was filed but the index write after it did not happen: repair it now.
                await client.UpsertEntityAsync(IndexRow(incident), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }
        }

        return owed.OrderBy(i => i.OpenedAt).ThenBy(i => i.Id, StringComparer.Ordinal).ToArray();
    }

    /// <summary>Read, change, write back only if nobody wrote in between (ETag); a lost race reads again.</summary>
    private async Task<Incident> UpdateAsync(string id, Func<Incident, Incident> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        TableClient client = await this.table.GetAsync(cancellationToken).ConfigureAwait(false);
        for (int attempt = 1; ; attempt++)
        {
            (Incident current, ETag etag) = await this.ReadAsync(id, cancellationToken).ConfigureAwait(false)
                ?? throw new KeyNotFoundException($"No incident has the id '{id}'.");
            Incident changed = change(current);
            try
            {
                await client.UpdateEntityAsync(Row(changed), etag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (e.Status == 412 && attempt < MaxAttempts)
            {
                continue;
            }

            await client.UpsertEntityAsync(IndexRow(changed), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return changed;
        }
    }

    private async Task<(Incident Incident, ETag ETag)?> ReadAsync(string id, CancellationToken cancellationToken)
    {
        TableClient client = await this.table.GetAsync(cancellationToken).ConfigureAwait(false);
        NullableResponse<TableEntity> row = await client.GetEntityIfExistsAsync<TableEntity>(IncidentPartition, id, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? (Parse(row.Value!), row.Value!.ETag) : null;
    }

    private TableEntity Row(Incident incident)
    {
        string json = JsonSerializer.Serialize(incident, JsonDefaults.Options);
        if (json.Length > ChunkLength * JsonColumns.Length)
        {
            throw new InvalidDataException($"Incident {incident.Id} is too large to store ({json.Length} characters of JSON).");
        }

        var row = new TableEntity(IncidentPartition, incident.Id)
        {
            ["Service"] = incident.Service,
            ["Environment"] = incident.Environment,
            ["ReleaseId"] = incident.ReleaseId,
            ["OpenedAt"] = incident.OpenedAt,
            ["Owing"] = incident.OwesRootCauseAnalysis,
            ["UpdatedAt"] = time.GetUtcNow(),
        };
        for (int i = 0; i * ChunkLength < json.Length; i++)
        {
            row[JsonColumns[i]] = json.Substring(i * ChunkLength, Math.Min(ChunkLength, json.Length - (i * ChunkLength)));
        }

        return row;
    }

    private static TableEntity IndexRow(Incident incident) => new(IndexPartition(incident.Service, incident.Environment), incident.Id)
    {
        ["Owing"] = incident.OwesRootCauseAnalysis,
        ["OpenedAt"] = incident.OpenedAt,
    };

    private static Incident Parse(TableEntity row)
    {
        string json = string.Concat(JsonColumns.Select(row.GetString).TakeWhile(chunk => chunk is not null));
        return JsonSerializer.Deserialize<Incident>(json, JsonDefaults.Options)
            ?? throw new InvalidDataException($"Incident row {row.RowKey} holds no record.");
    }
}
