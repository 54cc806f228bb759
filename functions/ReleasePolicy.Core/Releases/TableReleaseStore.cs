using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ReleasePolicy.Policy.Store;

using ReleasePolicy.Policy;

namespace ReleasePolicy.Releases;

/// <summary>Release records in one Azure Table: partition = release id, so each release is one entity and one lock.</summary>
public sealed class TableReleaseStore : IReleaseStore
{
    private const string RowKey = "release";
    private const int MaxConcurrencyRetries = 10;
    private readonly TableClient table;
    private readonly TimeProvider time;
    private readonly Lazy<Task> created;

    public TableReleaseStore(TableServiceClient service, string tableName, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(service);
        this.table = service.GetTableClient(tableName);
        this.time = time;
        this.created = new Lazy<Task>(() => this.table.CreateIfNotExistsAsync());
    }

    public async Task<ReleaseRecord?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        await this.created.Value.ConfigureAwait(false);
        NullableResponse<TableEntity> response = await this.table.GetEntityIfExistsAsync<TableEntity>(id, RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    public async Task<bool> TryCreateAsync(ReleaseRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        await this.created.Value.ConfigureAwait(false);
        try
        {
            await this.table.AddEntityAsync(ToEntity(record), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task<ReleaseRecord> ApplyAsync(ReleaseProgress progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(progress);
        await this.created.Value.ConfigureAwait(false);
        for (int attempt = 0; ; attempt++)
        {
            NullableResponse<TableEntity> current = await this.table.GetEntityIfExistsAsync<TableEntity>(progress.ReleaseId, RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!current.HasValue)
            {
                throw new ReleaseNotFoundException(progress.ReleaseId);
            }

            ReleaseRecord updated = FromEntity(current.Value!).With(progress, this.time.GetUtcNow());
            try
            {
                await this.table.UpdateEntityAsync(ToEntity(updated), current.Value!.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return updated;
            }
            catch (RequestFailedException ex) when (ex.Status == 412 && attempt < MaxConcurrencyRetries)
            {
                // Someone else updated it between our read and write: read again and reapply.
            }
        }
    }

    public async Task<IReadOnlyList<ReleaseRecord>> ListAsync(ReleaseQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await this.created.Value.ConfigureAwait(false);
        var filters = new List<string> { TableClient.CreateQueryFilter($"RowKey eq {RowKey}") };
        if (query.Service is not null)
        {
            filters.Add(TableClient.CreateQueryFilter($"Service eq {query.Service}"));
        }

        if (query.Status is { } status)
        {
            filters.Add(TableClient.CreateQueryFilter($"Status eq {status.ToString()}"));
        }

        var results = new List<ReleaseRecord>();
        await foreach (TableEntity entity in this.table.QueryAsync<TableEntity>(string.Join(" and ", filters), maxPerPage: Math.Min(query.Limit, 1000), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            results.Add(FromEntity(entity));
            if (results.Count >= query.Limit)
            {
                break;
            }
        }

        return results.OrderByDescending(r => r.CreatedAt).ToArray();
    }

    private static TableEntity ToEntity(ReleaseRecord record) => new(record.Id, RowKey)
    {
        ["Service"] = record.Service,
        ["Version"] = record.Version,
        ["Environment"] = record.Environment,
        ["Type"] = record.Type.ToString(),
        ["RequestedBy"] = record.RequestedBy,
        ["SubmittedBy"] = record.SubmittedBy,
        ["ChangeSummary"] = record.ChangeSummary,
        ["IdempotencyKey"] = record.IdempotencyKey,
        ["Fingerprint"] = record.Fingerprint,
        ["Stage"] = record.Stage.ToString(),
        ["Status"] = record.Status.ToString(),
        ["Decisions"] = JsonSerializer.Serialize(record.Decisions, JsonDefaults.Options),
        ["CreatedAt"] = record.CreatedAt,
        ["UpdatedAt"] = record.UpdatedAt,
        ["PolicySequence"] = record.Policy?.Sequence,
        ["PolicyVersion"] = record.Policy?.Version,
        ["PolicyHash"] = record.Policy?.Hash,
    };

    private static ReleaseRecord FromEntity(TableEntity entity) => new(
        entity.PartitionKey,
        entity.GetString("Service"),
        entity.GetString("Version"),
        entity.GetString("Environment"),
        Enum.Parse<ReleaseType>(entity.GetString("Type")),
        entity.GetString("RequestedBy"),
        entity.GetString("ChangeSummary"),
        entity.GetString("IdempotencyKey"),
        entity.GetString("Fingerprint"),
        Enum.Parse<ReleaseStage>(entity.GetString("Stage")),
        Enum.Parse<ReleaseStatus>(entity.GetString("Status")),
        JsonSerializer.Deserialize<List<StageDecision>>(entity.GetString("Decisions") ?? "[]", JsonDefaults.Options) ?? [],
        entity.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.Parse("2000-01-01", CultureInfo.InvariantCulture),
        entity.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.Parse("2000-01-01", CultureInfo.InvariantCulture),
        entity.GetInt32("PolicySequence") is int sequence
            ? new PolicyReference(sequence, entity.GetString("PolicyVersion") ?? string.Empty, entity.GetString("PolicyHash") ?? string.Empty)
            : null)
    {
        SubmittedBy = entity.GetString("SubmittedBy"),
    };
}
