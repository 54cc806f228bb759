using ReleasePolicy.Evidence;
using ReleasePolicy.Releases;

namespace ReleasePolicy.Workflow.Activities;

/// <summary>
/// What every stage activity does after deciding: append the full decision as an evidence record, then move the
/// release index on with the bounded digest that names that record. Evidence first: the index never shows a decision
/// that has no evidence, and a retry after a crash in between finds its own record (identical bytes) and goes on.
/// </summary>
public sealed class StageRecorder(IEvidenceStore evidence, IReleaseStore releases, CrashInjection crashes)
{
    public static EvidenceActor Workflow { get; } = new("releasepolicy-workflow", ActorKind.System);

    public async Task<AppendOutcome> AppendAsync(
        ReleaseWorkflowInput release, int sequence, string kind, DateTime at, EvidenceData data, EvidenceActor? actor = null, EvidenceWriteMode mode = EvidenceWriteMode.CreateOnly)
    {
        ArgumentNullException.ThrowIfNull(release);
        var entry = new EvidenceEntry(
            release.Request.Service,
            release.ReleaseId,
            sequence,
            kind,
            new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)),
            actor ?? Workflow,
            release.Policy,
            data)
        {
            RetentionDays = release.RetentionDays,
        };
        return await evidence.AppendAsync(entry, mode).ConfigureAwait(false);
    }

    /// <summary>Appends <paramref name="full"/> (with <paramref name="data"/>) and records its digest on the release.</summary>
    public async Task<StageResult> RecordAsync(
        StageInput step, string kind, StageDecision full, object data, ReleaseStage stage, ReleaseStatus status, ReleaseSchedule? schedule = null)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(full);
        AppendOutcome record = await this.AppendAsync(step.Release, step.Sequence, kind, step.At, EvidenceData.FromObject(data)).ConfigureAwait(false);
        crashes.AfterEvidenceWritten(kind);
        StageDecision digest = StageDecisionDigest.Compact(full, record.BlobName, record.Sha256);
        await releases.ApplyAsync(new ReleaseProgress(step.Release.ReleaseId, stage, status, digest) { Schedule = schedule }).ConfigureAwait(false);
        return new StageResult(digest, step.Sequence + 1);
    }
}
