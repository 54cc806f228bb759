using ReleasePolicy.Evidence;
using ReleasePolicy.Releases;

namespace ReleasePolicy.Workflow.Activities;

/// <summary>
/// Ends a release: its completion record, the signed manifest that seals its evidence (and enters the day's ledger),
/// then the final status on the index — in that order, so "done" is never shown for evidence that is not sealed.
/// </summary>
public sealed class ReleaseRecordActivities(IReleaseStore store, IEvidenceStore evidence, StageRecorder recorder, ReleaseEvents events, DeploymentConclusions conclusions)
{
    /// <returns>The deployment's concluding decision when the close recorded it (<see cref="CloseInput.Concluding"/>).</returns>
    public async Task<StageDecision?> CloseAsync(CloseInput close)
    {
        ArgumentNullException.ThrowIfNull(close);
        ReleaseWorkflowInput release = close.Release;
        int sequence = close.Sequence;
        StageDecision? concluded = null;
        if (close.Concluding is { } conclusion)
        {
            StageResult deployed = await conclusions.RecordAsync(conclusion, new StageInput(release, close.Sequence, close.At)).ConfigureAwait(false);
            (concluded, sequence) = (deployed.Decision, deployed.NextSequence);
        }

        AppendOutcome completion = await recorder.AppendAsync(
            release,
            sequence,
            EvidenceKinds.Completion,
            close.At,
            EvidenceData.FromObject(new { status = close.Status, failure = close.Failure })).ConfigureAwait(false);
        // Told after the completion record exists and before the index says "done": a subscriber that reads the
        // release on this event finds it ending, and a retry publishes the same event id.
        await events.PublishAsync(
            release,
            close.Status == ReleaseStatus.Rejected ? Deployment.Outbound.ReleaseEventTypes.Rejected : Deployment.Outbound.ReleaseEventTypes.Completed,
            "close",
            new DateTimeOffset(DateTime.SpecifyKind(close.At, DateTimeKind.Utc)),
            new { status = close.Status, reason = close.Failure?.Summary }).ConfigureAwait(false);
        SealOutcome sealedRelease = await evidence.SealAsync(release.Request.Service, release.ReleaseId).ConfigureAwait(false);
        StageDecision? failure = close.Failure is null ? null : StageDecisionDigest.Compact(close.Failure, completion.BlobName, completion.Sha256);
        await store.ApplyAsync(new ReleaseProgress(release.ReleaseId, ReleaseStage.Done, close.Status, failure)
        {
            EvidenceHead = sealedRelease.Head,
            EvidenceManifest = sealedRelease.ManifestBlob,
        }).ConfigureAwait(false);
        return concluded;
    }

    /// <summary>The index alone, for when evidence itself cannot be written: the release must still not hang "in progress".</summary>
    public async Task RecordProgressAsync(ReleaseProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        await store.ApplyAsync(progress).ConfigureAwait(false);
    }
}
