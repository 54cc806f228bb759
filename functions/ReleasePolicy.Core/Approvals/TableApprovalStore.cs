using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;

namespace ReleasePolicy.Approvals;

/// <summary>
/// The approval tally in Azure Tables: a tier is one row (partition = approval id, row = <c>tier-NN</c>) holding its
/// state as JSON, replaced only with the ETag it was read with. Pending lists are rows under <c>pending|{person}</c>.
/// </summary>
public sealed class TableApprovalStore(TableClient table) : IApprovalStore
{
    private readonly SemaphoreSlim created = new(1, 1);
    private bool tableExists;

    public async Task<ApprovalTierState> OpenAsync(ApprovalTierState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        await this.EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await table.AddEntityAsync(ToEntity(state), cancellationToken).ConfigureAwait(false);
            return state;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            StoredTier existing = await this.GetAsync(state.ApprovalId, state.Tier, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Tier {state.Tier} of {state.ApprovalId} exists and then does not.", ex);
            return existing.State;
        }
    }

    public async Task<StoredTier?> GetAsync(string approvalId, int tier, CancellationToken cancellationToken = default)
    {
        await this.EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        NullableResponse<TableEntity> response = await table.GetEntityIfExistsAsync<TableEntity>(
            TierPartition(approvalId), TierRow(tier), cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue && response.Value is { } entity
            ? new StoredTier(Read(entity), entity.ETag.ToString())
            : null;
    }

    public async Task<bool> TryReplaceAsync(StoredTier read, ApprovalTierState updated, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(updated);
        try
        {
            await table.UpdateEntityAsync(ToEntity(updated), new ETag(read.ETag), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<ApprovalTierState>> ListAsync(string approvalId, CancellationToken cancellationToken = default)
    {
        await this.EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var tiers = new List<ApprovalTierState>();
        string partition = TierPartition(approvalId);
        await foreach (TableEntity entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            tiers.Add(Read(entity));
        }

        return tiers.OrderBy(t => t.Tier).ToArray();
    }

    public async Task AddPendingAsync(PendingApproval pending, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pending);
        await this.EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(PendingPartition(pending.Person), PendingRow(pending.ApprovalId, pending.Tier))
        {
            ["Json"] = JsonSerializer.Serialize(pending, JsonDefaults.Options),
        };
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    public async Task RemovePendingAsync(string person, string approvalId, int tier, CancellationToken cancellationToken = default)
    {
        await this.EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        await table.DeleteEntityAsync(PendingPartition(person), PendingRow(approvalId, tier), ETag.All, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<PendingApproval>> ListPendingAsync(string person, CancellationToken cancellationToken = default)
    {
        await this.EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var pending = new List<PendingApproval>();
        string partition = PendingPartition(person);
        await foreach (TableEntity entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (entity.GetString("Json") is { } json && JsonSerializer.Deserialize<PendingApproval>(json, JsonDefaults.Options) is { } item)
            {
                pending.Add(item);
            }
        }

        return pending.OrderBy(p => p.Deadline).ToArray();
    }

    // Approval ids are ids we issue (release ids, policy-change ids); people's ids come from a directory and may hold
    // characters table keys forbid, so they are base64url-encoded.
    private static string TierPartition(string approvalId) => "approval|" + approvalId;

    private static string TierRow(int tier) => "tier-" + tier.ToString("D2", CultureInfo.InvariantCulture);

    private static string PendingPartition(string person) => "pending|" + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(person.ToLowerInvariant()));

    private static string PendingRow(string approvalId, int tier) => approvalId + "|" + tier.ToString("D2", CultureInfo.InvariantCulture);

    private static TableEntity ToEntity(ApprovalTierState state) => new(TierPartition(state.ApprovalId), TierRow(state.Tier))
    {
        ["Status"] = state.Status.ToString(),
        ["Json"] = JsonSerializer.Serialize(state, JsonDefaults.Options),
    };

    private static ApprovalTierState Read(TableEntity entity) =>
        JsonSerializer.Deserialize<ApprovalTierState>(entity.GetString("Json") ?? "null", JsonDefaults.Options)
        ?? throw new InvalidDataException($"Approval row {entity.PartitionKey}/{entity.RowKey} holds no state.");

    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (this.tableExists)
        {
            return;
        }

        await this.created.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!this.tableExists)
            {
                await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
                this.tableExists = true;
            }
        }
        finally
        {
            this.created.Release();
        }
    }
}
