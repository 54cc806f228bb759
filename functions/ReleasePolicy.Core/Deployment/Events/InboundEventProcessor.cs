using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using ReleasePolicy.Releases;

namespace ReleasePolicy.Deployment.Events;

/// <summary>
/// Handles delivered events once each. Per event: claim its id (a redelivery stops here), find its release, keep it
/// (on the release's list or as unmatched), and raise it to a running release's orchestration. A finished or missing
/// orchestration is logged and left alone: the event is still acknowledged, and a finished release never changes.
/// When a step fails (storage down), the claim is given back and the failure surfaces, so Event Grid's retry is
/// handled rather than skipped as a duplicate.
/// </summary>
public sealed partial class InboundEventProcessor(ReleaseEventMatcher matcher, TableEventLedger ledger, TimeProvider time, ILogger<InboundEventProcessor> logger)
{
    public async Task<DeliverySummary> ProcessAsync(IReadOnlyList<InboundEvent> events, DurableTaskClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(client);
        int duplicates = 0, unmatched = 0, matched = 0;
        foreach (InboundEvent inbound in events)
        {
            DateTimeOffset receivedAt = time.GetUtcNow();
            if (!await ledger.TryClaimAsync(inbound, receivedAt, cancellationToken).ConfigureAwait(false))
            {
                duplicates++;
                LogDuplicate(logger, inbound.Id, inbound.Type);
                continue;
            }

            try
            {
                if (await this.HandleAsync(inbound, receivedAt, client, cancellationToken).ConfigureAwait(false))
                {
                    matched++;
                }
                else
                {
                    unmatched++;
                }
            }
            catch
            {
                await ledger.ReleaseClaimAsync(inbound, CancellationToken.None).ConfigureAwait(false);
                throw;
            }
        }

        return new DeliverySummary(matched + unmatched, duplicates, unmatched, matched);
    }

    /// <summary>True when the event matched a release.</summary>
    private async Task<bool> HandleAsync(InboundEvent inbound, DateTimeOffset receivedAt, DurableTaskClient client, CancellationToken cancellationToken)
    {
        EventMatch match = await matcher.MatchAsync(ReleaseReference.Of(inbound), cancellationToken).ConfigureAwait(false);
        if (match.Release is not { } release)
        {
            await ledger.RecordUnmatchedAsync(inbound, receivedAt, cancellationToken).ConfigureAwait(false);
            LogUnmatched(logger, inbound.Id, inbound.Type);
            return false;
        }

        await ledger.RecordForReleaseAsync(inbound, release.Id, match.How!, receivedAt, cancellationToken).ConfigureAwait(false);
        if (release.Stage != ReleaseStage.Deployment)
        {
            // Only a release in its deployment stage listens for signals. Earlier or later, the event is kept on
            // record only: nothing would wait for it, and a chatty sender must not grow an orchestration's history.
            LogNotDeploying(logger, inbound.Id, inbound.Type, release.Id, release.Stage);
            return true;
        }

        await this.RaiseAsync(inbound, release.Id, receivedAt, client, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task RaiseAsync(InboundEvent inbound, string releaseId, DateTimeOffset receivedAt, DurableTaskClient client, CancellationToken cancellationToken)
    {
        OrchestrationMetadata? instance = await client.GetInstanceAsync(releaseId, cancellationToken).ConfigureAwait(false);
        if (instance is null || instance.IsCompleted)
        {
            LogNotRunning(logger, inbound.Id, releaseId, instance?.RuntimeStatus.ToString() ?? "missing");
            return;
        }

        try
        {
            await client.RaiseEventAsync(releaseId, ReleaseSignal.EventName, ReleaseSignal.Of(inbound, receivedAt), cancellationToken).ConfigureAwait(false);
            LogRaised(logger, inbound.Id, inbound.Type, releaseId);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The instance finished between the look and the raise: each client reports that in its transport's own
            // exception type (gRPC, Azure Storage). The event is recorded on the release; the release is left as it is.
            LogRaiseFailed(logger, e, inbound.Id, releaseId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Event {EventId} ({EventType}) was delivered before; acknowledged without effect")]
    private static partial void LogDuplicate(ILogger logger, string eventId, string eventType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Event {EventId} ({EventType}) matches no release; kept as unmatched")]
    private static partial void LogUnmatched(ILogger logger, string eventId, string eventType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Event {EventId} ({EventType}) is for release {ReleaseId}, which is not deploying (stage {Stage}); recorded, not raised")]
    private static partial void LogNotDeploying(ILogger logger, string eventId, string eventType, string releaseId, ReleaseStage stage);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event {EventId} is for release {ReleaseId}, whose orchestration is {RuntimeStatus}; recorded, not raised")]
    private static partial void LogNotRunning(ILogger logger, string eventId, string releaseId, string runtimeStatus);

    [LoggerMessage(Level = LogLevel.Information, Message = "Event {EventId} ({EventType}) raised to release {ReleaseId}")]
    private static partial void LogRaised(ILogger logger, string eventId, string eventType, string releaseId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event {EventId} could not be raised to release {ReleaseId}; recorded on the release")]
    private static partial void LogRaiseFailed(ILogger logger, Exception exception, string eventId, string releaseId);
}
