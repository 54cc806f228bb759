using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ReleasePolicy.Policy.Store;

using ReleasePolicy.Policy;

namespace ReleasePolicy.Releases;

/// <summary>
/// Release records in one Azure Table. Every record is a row of one index partition whose row keys sort newest first
/// (<see cref="ReleaseIndexKeys"/>), so listing is one ordered scan; an immutable pointer entity per release
/// (partition = release id) maps the id to its row for point reads. Progress updates one row with optimistic
/// concurrency, so each release is still one lock.
/// </summary>
public sealed class TableReleaseStore : IReleaseStore
{
    private const string IndexPartition = "index";
    private const string PointerRowKey = "pointer";
    private const int MaxConcurrencyRetries = 10;
    private const int MaxPageSize = 1000;

    // The list reads these columns only: summaries, never the decisions.
    private static readonly string[] SummaryColumns = ["RowKey", "Id", "Service", "Version", "Environment", "Type", "Stage", "Status", "CreatedAt", "UpdatedAt"];

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
        TableEntity? row = await this.GetRowAsync(id, cancellationToken).ConfigureAwait(false);
        return row is null ? null : FromEntity(row);
    }

    /// <summary>
    /// Writes the pointer, then the row. A retry after a crash between the two finds the pointer, reuses its row key
    /// and creation time, and writes the missing row: so the release appears exactly once, where the first attempt put it.
    /// </summary>
    public async Task<bool> TryCreateAsync(ReleaseRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        await this.created.Value.ConfigureAwait(false);
        string rowKey = ReleaseIndexKeys.RowKeyFor(record.Id, record.CreatedAt);
        var pointer = new TableEntity(record.Id, PointerRowKey) { ["IndexRow"] = rowKey, ["CreatedAt"] = record.CreatedAt };
        try
        {
            await this.table.AddEntityAsync(pointer, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            TableEntity existing = (await this.table.GetEntityAsync<TableEntity>(record.Id, PointerRowKey, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            rowKey = existing.GetString("IndexRow");
            record = record with { CreatedAt = existing.GetDateTimeOffset("CreatedAt") ?? record.CreatedAt };
        }

        try
        {
            await this.table.AddEntityAsync(ToEntity(record, rowKey), cancellationToken).ConfigureAwait(false);
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
        for (int attempt = 0; ; attempt++)
        {
            TableEntity row = await this.GetRowAsync(progress.ReleaseId, cancellationToken).ConfigureAwait(false)
                ?? throw new ReleaseNotFoundException(progress.ReleaseId);
            ReleaseRecord current = FromEntity(row);
            ReleaseRecord updated = current.With(progress, this.time.GetUtcNow());
            if (ReferenceEquals(updated, current))
            {
                // A late or duplicated write that would move the release backward: nothing to store.
                return current;
            }

            try
            {
                await this.table.UpdateEntityAsync(ToEntity(updated, row.RowKey), row.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return updated;
            }
            catch (RequestFailedException ex) when (ex.Status == 412 && attempt < MaxConcurrencyRetries)
            {
                // Someone else updated it between our read and write: read again and reapply.
            }
        }
    }

    public async Task<ReleasePage> ListAsync(ReleaseQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        await this.created.Value.ConfigureAwait(false);
        var filters = new List<string> { TableClient.CreateQueryFilter($"PartitionKey eq {IndexPartition}") };
        if (query.ContinuationToken is not null)
        {
            if (!ReleaseListToken.TryDecode(query.ContinuationToken, out string after))
            {
                throw new ArgumentException("The continuation token is not one this service issued.", nameof(query));
            }

            filters.Add(TableClient.CreateQueryFilter($"RowKey gt {after}"));
        }

        if (query.Service is not null)
        {
            filters.Add(TableClient.CreateQueryFilter($"Service eq {query.Service}"));
        }

        if (query.Status is { } status)
        {
            filters.Add(TableClient.CreateQueryFilter($"Status eq {status.ToString()}"));
        }

        // One more than asked, to know whether another page exists without handing out a token to an empty page.
        var rows = new List<TableEntity>(Math.Min(query.Limit + 1, MaxPageSize));
        await foreach (TableEntity entity in this.table.QueryAsync<TableEntity>(
            string.Join(" and ", filters), maxPerPage: Math.Min(query.Limit + 1, MaxPageSize), select: SummaryColumns, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(entity);
            if (rows.Count > query.Limit)
            {
                break;
            }
        }

        bool more = rows.Count > query.Limit;
        IReadOnlyList<TableEntity> page = more ? rows.GetRange(0, query.Limit) : rows;
        return new ReleasePage(
            page.Select(SummaryFromEntity).ToArray(),
            more ? ReleaseListToken.Encode(page[^1].RowKey) : null);
    }

    private async Task<TableEntity?> GetRowAsync(string id, CancellationToken cancellationToken)
    {
        await this.created.Value.ConfigureAwait(false);
        NullableResponse<TableEntity> pointer = await this.table.GetEntityIfExistsAsync<TableEntity>(id, PointerRowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!pointer.HasValue || pointer.Value!.GetString("IndexRow") is not { } rowKey)
        {
            return null;
        }

        // A pointer without its row is a creation still under way (or one a retry will heal): not a release yet.
        NullableResponse<TableEntity> row = await this.table.GetEntityIfExistsAsync<TableEntity>(IndexPartition, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? row.Value : null;
    }

    private static ReleaseSummary SummaryFromEntity(TableEntity entity) => new(
        entity.GetString("Id"),
        entity.GetString("Service"),
        entity.GetString("Version"),
        entity.GetString("Environment"),
        Enum.Parse<ReleaseType>(entity.GetString("Type")),
        Enum.Parse<ReleaseStage>(entity.GetString("Stage")),
        Enum.Parse<ReleaseStatus>(entity.GetString("Status")),
        entity.GetDateTimeOffset("CreatedAt") ?? default,
        entity.GetDateTimeOffset("UpdatedAt") ?? default);

    private static TableEntity ToEntity(ReleaseRecord record, string rowKey) => new(IndexPartition, rowKey)
    {
        ["Id"] = record.Id,
        ["Service"] = record.Service,
        ["Version"] = record.Version,
        ["Environment"] = record.Environment,
        ["Type"] = record.Type.ToString(),
        ["RequestedBy"] = record.RequestedBy,
        ["SubmittedBy"] = record.SubmittedBy,
        ["SubmittedByPerson"] = record.SubmittedByPerson,
        ["EvidenceHead"] = record.EvidenceHead,
        ["EvidenceManifest"] = record.EvidenceManifest,
        ["Schedule"] = record.Schedule is null ? null : JsonSerializer.Serialize(record.Schedule, JsonDefaults.Options),
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
        entity.GetString("Id"),
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
        SubmittedByPerson = entity.GetBoolean("SubmittedByPerson") ?? false,
        EvidenceHead = entity.GetString("EvidenceHead"),
        EvidenceManifest = entity.GetString("EvidenceManifest"),
        Schedule = entity.GetString("Schedule") is { } schedule ? JsonSerializer.Deserialize<ReleaseSchedule>(schedule, JsonDefaults.Options) : null,
    };
}
