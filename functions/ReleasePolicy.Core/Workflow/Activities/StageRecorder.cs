using System.Text.Json;
using ReleasePolicy.Evidence;
using ReleasePolicy.Releases;

namespace ReleasePolicy.Workflow.Activities;

/// <summary>
/// What every stage activity does after deciding: append the full decision as an evidence record, then move the
/// release index on with the bounded digest that names that record. Evidence first: the index never shows a decision
/// that has no evidence, and a retry after a crash in between finds its own record and goes on. A retry may decide
/// differently when its decision rests on live data (a slot search, mail ids): the record written first stands, and
/// the retry carries on with the decision that record holds, so the index and the workflow agree with the evidence.
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
        AppendOutcome record = await this.AppendAsync(step.Release, step.Sequence, kind, step.At, EvidenceData.FromObject(data), mode: EvidenceWriteMode.SameRecordWins).ConfigureAwait(false);
        crashes.AfterEvidenceWritten(kind);
        StageDecision decided = record.AlreadyPresent ? await this.RecordedDecisionAsync(step.Release, record, full).ConfigureAwait(false) : full;
        StageDecision digest = StageDecisionDigest.Compact(decided, record.BlobName, record.Sha256);
        await releases.ApplyAsync(new ReleaseProgress(step.Release.ReleaseId, stage, status, digest) { Schedule = schedule }).ConfigureAwait(false);
        return new StageResult(digest, step.Sequence + 1);
    }

    /// <summary>The decision an earlier attempt recorded (its <c>data.decision</c>); <paramref name="mine"/> when it is the same.</summary>
    private async Task<StageDecision> RecordedDecisionAsync(ReleaseWorkflowInput release, AppendOutcome record, StageDecision mine)
    {
        IReadOnlyList<StoredRecord> records = await evidence.ReadRecordsAsync(release.Request.Service, release.ReleaseId).ConfigureAwait(false);
        StoredRecord stored = records.FirstOrDefault(r => r.BlobName == record.BlobName)
            ?? throw new EvidenceConflictException($"{record.BlobName} was reported present but cannot be read back.");
        using var document = JsonDocument.Parse(stored.Content);
        JsonElement recorded = document.RootElement.GetProperty("data").GetProperty("decision");
        JsonElement current = JsonSerializer.SerializeToElement(mine, JsonDefaults.Options);
        return JsonElement.DeepEquals(recorded, current)
            ? mine
            : recorded.Deserialize<StageDecision>(JsonDefaults.Options) ?? throw new EvidenceConflictException($"{record.BlobName} holds no decision.");
    }
}
