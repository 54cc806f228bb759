using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using ReleasePolicy.Releases;

namespace ReleasePolicy.Deployment.Events;

/// <summary>
/// Handles delivered events once each. Per event: claim its id (a redelivery of a handled event stops here), find its
/// release, keep it (on the release's list or as unmatched), raise it to a running release's orchestration, and mark
/// it handled. A finished or missing orchestration is logged and left alone: the event is still acknowledged, and a
/// finished release never changes. When a step fails (storage down), the claim is given back and the failure surfaces,
/// so Event Grid's retry is handled rather than skipped as a duplicate; when the host dies mid-way, the claim lapses
/// and a redelivery takes it over (<see cref="TableEventLedger.ClaimLease"/>).
/// </summary>
public sealed partial class InboundEventProcessor(ReleaseEventMatcher matcher, TableEventLedger ledger, TimeProvider time, ILogger<InboundEventProcessor> logger)
{
    public async Task<DeliverySummary> ProcessAsync(IReadOnlyList<InboundEvent> events, DurableTaskClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(client);
        int duplicates = 0, unmatched = 0, matched = 0, inFlight = 0;
        foreach (InboundEvent inbound in events)
        {
            EventClaim claim = await ledger.TryClaimAsync(inbound, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            if (claim.State != EventClaimState.Claimed)
            {
                (duplicates, inFlight) = claim.State == EventClaimState.Duplicate ? (duplicates + 1, inFlight) : (duplicates, inFlight + 1);
                LogNotClaimed(logger, inbound.Id, inbound.Type, claim.State);
                continue;
            }

            bool wasMatched = await this.HandleClaimedAsync(inbound, () => this.HandleAsync(inbound, claim.FirstArrival, client, cancellationToken)).ConfigureAwait(false);
            (matched, unmatched) = wasMatched ? (matched + 1, unmatched) : (matched, unmatched + 1);
        }

        return inFlight > 0
            ? throw new EventsInFlightException($"{inFlight} of the delivered events are being handled by another delivery right now; deliver again in {EventsInFlightException.RetryAfterSeconds} s.")
            : new DeliverySummary(matched + unmatched, duplicates, unmatched, matched);
    }

    /// <summary>
    /// Handles one event already bound to a release (the signals API found the release by its route and authorized the
    /// caller): claim, record on the release, raise while it deploys. <paramref name="authorizedPerson"/> is set only by
    /// that API, for a manual rollback by the verified rollback owner; webhook deliveries never reach this overload.
    /// </summary>
    public async Task<SignalOutcome> ProcessForReleaseAsync(InboundEvent inbound, ReleaseSummary release, string? authorizedPerson, DurableTaskClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(client);
        EventClaim claim = await ledger.TryClaimAsync(inbound, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (claim.State != EventClaimState.Claimed)
        {
            LogNotClaimed(logger, inbound.Id, inbound.Type, claim.State);
            return claim.State == EventClaimState.Duplicate
                ? new SignalOutcome(Duplicate: true, Raised: false)
                : throw new EventsInFlightException($"Signal {inbound.Id} is being handled by another request right now; send it again in {EventsInFlightException.RetryAfterSeconds} s.");
        }

        ReleaseSignal signal = ReleaseSignal.Of(inbound, claim.FirstArrival) with { AuthorizedPerson = authorizedPerson };
        bool raised = await this.HandleClaimedAsync(inbound, () => this.RecordAndRaiseAsync(inbound, signal, release, "releasesApi", client, cancellationToken)).ConfigureAwait(false);
        return new SignalOutcome(Duplicate: false, raised);
    }

    /// <summary>
    /// Runs <paramref name="handle"/> for a claimed event, then marks it handled. A failure gives the claim back so the
    /// sender's retry is handled; a host that dies in between leaves the claim to lapse and be taken over.
    /// </summary>
    private async Task<bool> HandleClaimedAsync(InboundEvent inbound, Func<Task<bool>> handle)
    {
        bool result;
        try
        {
            result = await handle().ConfigureAwait(false);
        }
        catch
        {
            await ledger.ReleaseClaimAsync(inbound, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        await ledger.MarkHandledAsync(inbound, CancellationToken.None).ConfigureAwait(false);
        return result;
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

        // A webhook's signal never carries an authorized person: whoever sent it, a manual rollback from here is recorded, not obeyed.
        await this.RecordAndRaiseAsync(inbound, ReleaseSignal.Of(inbound, receivedAt), release, match.How!, client, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Records the event on the release, and raises it when the release is deploying; true when raised.</summary>
    private async Task<bool> RecordAndRaiseAsync(InboundEvent inbound, ReleaseSignal signal, ReleaseSummary release, string how, DurableTaskClient client, CancellationToken cancellationToken)
    {
        await ledger.RecordForReleaseAsync(inbound, release.Id, how, signal.ReceivedAt, cancellationToken).ConfigureAwait(false);
        if (release.Stage != ReleaseStage.Deployment)
        {
            // Only a release in its deployment stage listens for signals. Earlier or later, the event is kept on
            // record only: nothing would wait for it, and a chatty sender must not grow an orchestration's history.
            LogNotDeploying(logger, inbound.Id, inbound.Type, release.Id, release.Stage);
            return false;
        }

        return await this.RaiseAsync(signal, release.Id, client, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> RaiseAsync(ReleaseSignal signal, string releaseId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        OrchestrationMetadata? instance = await client.GetInstanceAsync(releaseId, cancellationToken).ConfigureAwait(false);
        if (instance is null || instance.IsCompleted)
        {
            LogNotRunning(logger, signal.EventId, releaseId, instance?.RuntimeStatus.ToString() ?? "missing");
            return false;
        }

        try
        {
            await client.RaiseEventAsync(releaseId, ReleaseSignal.EventName, signal, cancellationToken).ConfigureAwait(false);
            LogRaised(logger, signal.EventId, signal.Type, releaseId, signal.AuthorizedPerson ?? "nobody");
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The instance finished between the look and the raise: each client reports that in its transport's own
            // exception type (gRPC, Azure Storage). The event is recorded on the release; the release is left as it is.
            LogRaiseFailed(logger, e, signal.EventId, releaseId);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Event {EventId} ({EventType}) not handled by this delivery: {ClaimState}")]
    private static partial void LogNotClaimed(ILogger logger, string eventId, string eventType, EventClaimState claimState);

    [LoggerMessage(Level = LogLevel.Information, Message = "Event {EventId} ({EventType}) matches no release; kept as unmatched")]
    private static partial void LogUnmatched(ILogger logger, string eventId, string eventType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Event {EventId} ({EventType}) is for release {ReleaseId}, which is not deploying (stage {Stage}); recorded, not raised")]
    private static partial void LogNotDeploying(ILogger logger, string eventId, string eventType, string releaseId, ReleaseStage stage);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event {EventId} is for release {ReleaseId}, whose orchestration is {RuntimeStatus}; recorded, not raised")]
    private static partial void LogNotRunning(ILogger logger, string eventId, string releaseId, string runtimeStatus);

    [LoggerMessage(Level = LogLevel.Information, Message = "Event {EventId} ({EventType}) raised to release {ReleaseId} (authorized person: {AuthorizedPerson})")]
    private static partial void LogRaised(ILogger logger, string eventId, string eventType, string releaseId, string authorizedPerson);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event {EventId} could not be raised to release {ReleaseId}; recorded on the release")]
    private static partial void LogRaiseFailed(ILogger logger, Exception exception, string eventId, string releaseId);
}
