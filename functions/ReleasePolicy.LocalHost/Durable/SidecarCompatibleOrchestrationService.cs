using System.Collections.Concurrent;
using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.Extensions.Logging;

namespace ReleasePolicy.LocalHost.Durable;

/// <summary>
/// Sits between the in-process gRPC sidecar and the Azure Storage orchestration service and repairs the two
/// ways the sidecar misuses a durable backend it was not written for:
/// <list type="number">
/// <item>It hands the provider sub-orchestration history events of its own subclass and protobuf <c>MapField</c>
/// tag maps, which the Azure Storage provider cannot serialize, so sub-orchestrations never complete. Both are
/// replaced by the plain DurableTask.Core shapes before the work item is committed.</item>
/// <item>It never renews activity locks, so an activity that outlives the work-item queue's visibility timeout is
/// dequeued and run a second time. Locks are renewed in the background until the activity completes or is
/// abandoned.</item>
/// </list>
/// Everything else is passed through unchanged.
/// </summary>
internal sealed partial class SidecarCompatibleOrchestrationService : IOrchestrationService, IAsyncDisposable
{
    private readonly IOrchestrationService inner;
    private readonly TimeSpan renewalInterval;
    private readonly ILogger logger;
    private readonly ConcurrentDictionary<string, ActivityLockRenewal> renewals = new(StringComparer.Ordinal);
    private readonly Lock stopLock = new();
    private int started;
    private Task? stopping;

    public SidecarCompatibleOrchestrationService(IOrchestrationService inner, TimeSpan activityLockRenewalInterval, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(activityLockRenewalInterval, TimeSpan.Zero);
        this.inner = inner;
        this.renewalInterval = activityLockRenewalInterval;
        this.logger = logger;
    }

    public int TaskOrchestrationDispatcherCount => this.inner.TaskOrchestrationDispatcherCount;

    public int MaxConcurrentTaskOrchestrationWorkItems => this.inner.MaxConcurrentTaskOrchestrationWorkItems;

    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => this.inner.EventBehaviourForContinueAsNew;

    public int TaskActivityDispatcherCount => this.inner.TaskActivityDispatcherCount;

    public int MaxConcurrentTaskActivityWorkItems => this.inner.MaxConcurrentTaskActivityWorkItems;

    /// <summary>Number of activity work items whose locks are currently being kept alive (for tests and diagnostics).</summary>
    internal int ActiveRenewals => this.renewals.Count;

    public async Task StartAsync()
    {
        await this.inner.StartAsync().ConfigureAwait(false);
        Interlocked.Exchange(ref this.started, 1);
    }

    public async Task StopAsync() => await this.StopAsync(isForced: false).ConfigureAwait(false);

    /// <summary>
    /// Stops once, whoever asks first. The sidecar stops the service from an async-void shutdown handler, where
    /// an exception would end the process: the provider throws when stopped without having been started (no
    /// worker ever connected), so that case is a no-op here.
    /// </summary>
    public Task StopAsync(bool isForced)
    {
        lock (this.stopLock)
        {
            return this.stopping ??= this.StopOnceAsync(isForced);
        }
    }

    private async Task StopOnceAsync(bool isForced)
    {
        await this.StopAllRenewalsAsync().ConfigureAwait(false);
        if (Interlocked.CompareExchange(ref this.started, 0, 1) == 1)
        {
            await this.inner.StopAsync(isForced).ConfigureAwait(false);
        }
    }

    public Task CreateAsync() => this.inner.CreateAsync();

    public Task CreateAsync(bool recreateInstanceStore) => this.inner.CreateAsync(recreateInstanceStore);

    public Task CreateIfNotExistsAsync() => this.inner.CreateIfNotExistsAsync();

    public Task DeleteAsync() => this.inner.DeleteAsync();

    public Task DeleteAsync(bool deleteInstanceStore) => this.inner.DeleteAsync(deleteInstanceStore);

    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) =>
        this.inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);

    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => this.inner.GetDelayInSecondsAfterOnProcessException(exception);

    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => this.inner.GetDelayInSecondsAfterOnFetchException(exception);

    public Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        this.inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);

    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => this.inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);

    public Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState)
    {
        HistoryNormalizer.Normalize(newOrchestrationRuntimeState);
        HistoryNormalizer.Normalize(orchestratorMessages);
        HistoryNormalizer.Normalize(outboundMessages);
        HistoryNormalizer.Normalize(timerMessages);
        if (continuedAsNewMessage is not null)
        {
            HistoryNormalizer.Normalize(continuedAsNewMessage);
        }

        if (orchestrationState?.Tags is { } tags)
        {
            orchestrationState.Tags = HistoryNormalizer.PlainTags(tags);
        }

        return this.inner.CompleteTaskOrchestrationWorkItemAsync(
            workItem,
            newOrchestrationRuntimeState,
            outboundMessages,
            orchestratorMessages,
            timerMessages,
            continuedAsNewMessage,
            orchestrationState);
    }

    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => this.inner.AbandonTaskOrchestrationWorkItemAsync(workItem);

    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => this.inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);

    public async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        TaskActivityWorkItem workItem = await this.inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken).ConfigureAwait(false);
        if (workItem is not null)
        {
            var renewal = new ActivityLockRenewal(workItem, this.inner, this.renewalInterval, this.logger);
            if (this.renewals.TryAdd(workItem.Id, renewal))
            {
                renewal.Start();
            }
            else
            {
                await renewal.DisposeAsync().ConfigureAwait(false);
            }
        }

        return workItem!;
    }

    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) =>
        this.inner.RenewTaskActivityWorkItemLockAsync(workItem);

    public async Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        // The renewal loop and the completion both use the message's pop receipt: stop renewing first so that
        // the completion deletes the message with the receipt the last renewal produced.
        await this.StopRenewalAsync(workItem).ConfigureAwait(false);
        await this.inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage).ConfigureAwait(false);
    }

    public async Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        await this.StopRenewalAsync(workItem).ConfigureAwait(false);
        await this.inner.AbandonTaskActivityWorkItemAsync(workItem).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync() => await this.StopAsync(isForced: true).ConfigureAwait(false);

    private async Task StopRenewalAsync(TaskActivityWorkItem workItem)
    {
        if (this.renewals.TryRemove(workItem.Id, out ActivityLockRenewal? renewal))
        {
            await renewal.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task StopAllRenewalsAsync()
    {
        foreach (string id in this.renewals.Keys.ToArray())
        {
            if (this.renewals.TryRemove(id, out ActivityLockRenewal? renewal))
            {
                await renewal.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
