namespace ReleasePolicy.Approvals;

public static class ApprovalStoreExtensions
{
    private const int MaxAttempts = 20;

    /// <summary>
    /// Read, change, write conditionally, and start again when another writer came first: the way every tier changes.
    /// <paramref name="change"/> returns null to leave the tier as it is (e.g. it is closed already).
    /// </summary>
    /// <returns>The tier before and after the change; After is null when nothing was written. Null when the tier does not exist.</returns>
    public static async Task<(ApprovalTierState Before, ApprovalTierState? After)?> UpdateAsync(
        this IApprovalStore store,
        string approvalId,
        int tier,
        Func<ApprovalTierState, ApprovalTierState?> change,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            StoredTier? read = await store.GetAsync(approvalId, tier, cancellationToken).ConfigureAwait(false);
            if (read is null)
            {
                return null;
            }

            ApprovalTierState? updated = change(read.State);
            if (updated is null)
            {
                return (read.State, null);
            }

            if (await store.TryReplaceAsync(read, updated, cancellationToken).ConfigureAwait(false))
            {
                return (read.State, updated);
            }
        }

        throw new InvalidOperationException($"Tier {tier} of approval {approvalId} kept changing under {MaxAttempts} attempts to update it.");
    }
}
