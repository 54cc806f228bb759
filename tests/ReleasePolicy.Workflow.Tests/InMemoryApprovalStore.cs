using System.Collections.Concurrent;
using System.Globalization;
using ReleasePolicy.Approvals;

namespace ReleasePolicy.Workflow.Tests;

/// <summary>
/// The approval tally in memory, with the table store's conditional-write contract (a version per row), so the
/// orchestration tests run without storage; the table store itself is tested on Azurite.
/// </summary>
internal sealed class InMemoryApprovalStore : IApprovalStore
{
    private readonly ConcurrentDictionary<(string, int), StoredTier> tiers = new();
    private readonly ConcurrentDictionary<(string, string, int), PendingApproval> pending = new();
    private long version;

    public Task<ApprovalTierState> OpenAsync(ApprovalTierState state, CancellationToken cancellationToken = default) =>
        Task.FromResult(this.tiers.GetOrAdd((state.ApprovalId, state.Tier), _ => this.Stamp(state)).State);

    public Task<StoredTier?> GetAsync(string approvalId, int tier, CancellationToken cancellationToken = default) =>
        Task.FromResult(this.tiers.TryGetValue((approvalId, tier), out StoredTier? stored) ? stored : null);

    public Task<bool> TryReplaceAsync(StoredTier read, ApprovalTierState updated, CancellationToken cancellationToken = default) =>
        Task.FromResult(this.tiers.TryUpdate((updated.ApprovalId, updated.Tier), this.Stamp(updated), read));

    public Task<IReadOnlyList<ApprovalTierState>> ListAsync(string approvalId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ApprovalTierState>>(this.tiers.Values.Select(t => t.State).Where(t => t.ApprovalId == approvalId).OrderBy(t => t.Tier).ToArray());

    public Task AddPendingAsync(PendingApproval item, CancellationToken cancellationToken = default)
    {
        this.pending[(item.Person.ToLowerInvariant(), item.ApprovalId, item.Tier)] = item;
        return Task.CompletedTask;
    }

    public Task RemovePendingAsync(string person, string approvalId, int tier, CancellationToken cancellationToken = default)
    {
        this.pending.TryRemove((person.ToLowerInvariant(), approvalId, tier), out _);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<PendingApproval>> ListPendingAsync(string person, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<PendingApproval>>(this.pending.Where(p => p.Key.Item1 == person.ToLowerInvariant()).Select(p => p.Value).ToArray());

    private StoredTier Stamp(ApprovalTierState state) =>
        new(state, Interlocked.Increment(ref this.version).ToString(CultureInfo.InvariantCulture));
}
