namespace ReleasePolicy.Approvals;

/// <summary>The event an approval orchestration waits for: the tier's tally reached a decision.</summary>
public sealed record TierDecided(int Tier, TierStatus Status)
{
    /// <summary>One event name per tier, so an answer to an earlier tier can never be taken for a later one's.</summary>
    public static string EventName(int tier) => $"approval-tier-{tier}-decided";
}

/// <summary>Tells the waiting orchestration that a tier is decided (Durable Task external event in the app).</summary>
public interface IApprovalSignal
{
    Task TierDecidedAsync(string instanceId, TierDecided decided, CancellationToken cancellationToken = default);
}
