using Microsoft.DurableTask.Client;
using ReleasePolicy.Approvals;

namespace ReleasePolicy.Workflow;

/// <summary>Raises the tier's "decided" event on the approval orchestration that waits for it.</summary>
public sealed class DurableApprovalSignal(DurableTaskClient client) : IApprovalSignal
{
    public Task TierDecidedAsync(string instanceId, TierDecided decided, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decided);
        return client.RaiseEventAsync(instanceId, TierDecided.EventName(decided.Tier), decided, cancellationToken);
    }
}
