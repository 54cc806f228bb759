using DurableTask.Core;
using Microsoft.Extensions.Logging;

namespace ReleasePolicy.LocalHost.Durable;

/// <summary>Keeps one activity work item's queue message invisible until the activity finishes.</summary>
internal sealed partial class ActivityLockRenewal : IAsyncDisposable
{
    private readonly TaskActivityWorkItem workItem;
    private readonly IOrchestrationService service;
    private readonly TimeSpan interval;
    private readonly ILogger logger;
    private readonly CancellationTokenSource stop = new();
    private Task loop = Task.CompletedTask;

    public ActivityLockRenewal(TaskActivityWorkItem workItem, IOrchestrationService service, TimeSpan interval, ILogger logger)
    {
        this.workItem = workItem;
        this.service = service;
        this.interval = interval;
        this.logger = logger;
    }

    public void Start() => this.loop = Task.Run(() => this.RenewUntilStoppedAsync(this.stop.Token));

    public async ValueTask DisposeAsync()
    {
        await this.stop.CancelAsync().ConfigureAwait(false);
        await this.loop.ConfigureAwait(false);
        this.stop.Dispose();
    }

    private async Task RenewUntilStoppedAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(this.interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await this.service.RenewTaskActivityWorkItemLockAsync(this.workItem).ConfigureAwait(false);
                    LogRenewed(this.logger, this.workItem.Id);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A failed renewal is not fatal: the next tick tries again, and at worst the message becomes
                    // visible once more, which is the at-least-once behaviour the engine already tolerates.
                    LogRenewalFailed(this.logger, ex, this.workItem.Id);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped because the activity completed or was abandoned.
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Renewed the lock of activity work item {WorkItemId}")]
    private static partial void LogRenewed(ILogger logger, string workItemId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the lock of activity work item {WorkItemId}; will retry")]
    private static partial void LogRenewalFailed(ILogger logger, Exception exception, string workItemId);
}
