namespace ReleasePolicy.Approvals;

/// <summary>The approval tally: each tier's state, changed only conditionally, and each person's pending list.</summary>
public interface IApprovalStore
{
    /// <summary>Creates the tier; when it exists already (an activity retried), returns the stored one unchanged.</summary>
    Task<ApprovalTierState> OpenAsync(ApprovalTierState state, CancellationToken cancellationToken = default);

    Task<StoredTier?> GetAsync(string approvalId, int tier, CancellationToken cancellationToken = default);

    /// <summary>Writes <paramref name="updated"/> only if the tier is still as read; false when someone changed it first.</summary>
    Task<bool> TryReplaceAsync(StoredTier read, ApprovalTierState updated, CancellationToken cancellationToken = default);

    /// <summary>Every tier of an approval, in order.</summary>
    Task<IReadOnlyList<ApprovalTierState>> ListAsync(string approvalId, CancellationToken cancellationToken = default);

    Task AddPendingAsync(PendingApproval pending, CancellationToken cancellationToken = default);

    Task RemovePendingAsync(string person, string approvalId, int tier, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<PendingApproval>> ListPendingAsync(string person, CancellationToken cancellationToken = default);
}
