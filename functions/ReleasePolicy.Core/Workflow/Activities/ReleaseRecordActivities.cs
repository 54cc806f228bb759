using ReleasePolicy.Evidence;
using ReleasePolicy.Releases;

namespace ReleasePolicy.Workflow.Activities;

/// <summary>
/// Ends a release: its completion record, the signed manifest that seals its evidence (and enters the day's ledger),
/// then the final status on the index — in that order, so "done" is never shown for evidence that is not sealed.
/// </summary>
public sealed class ReleaseRecordActivities(IReleaseStore store, IEvidenceStore evidence, StageRecorder recorder)
{
    public async Task CloseAsync(CloseInput close)
    {
        ArgumentNullException.ThrowIfNull(close);
        ReleaseWorkflowInput release = close.Release;
        AppendOutcome completion = await recorder.AppendAsync(
            release,
            close.Sequence,
            EvidenceKinds.Completion,
            close.At,
            EvidenceData.FromObject(new { status = close.Status, failure = close.Failure })).ConfigureAwait(false);
        SealOutcome sealedRelease = await evidence.SealAsync(release.Request.Service, release.ReleaseId).ConfigureAwait(false);
        StageDecision? failure = close.Failure is null ? null : StageDecisionDigest.Compact(close.Failure, completion.BlobName, completion.Sha256);
        await store.ApplyAsync(new ReleaseProgress(release.ReleaseId, ReleaseStage.Done, close.Status, failure)
        {
            EvidenceHead = sealedRelease.Head,
            EvidenceManifest = sealedRelease.ManifestBlob,
        }).ConfigureAwait(false);
    }

    /// <summary>The index alone, for when evidence itself cannot be written: the release must still not hang "in progress".</summary>
    public async Task RecordProgressAsync(ReleaseProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        await store.ApplyAsync(progress).ConfigureAwait(false);
    }
}
