using Microsoft.Extensions.Options;
using ReleasePolicy.Evidence;
using ReleasePolicy.Policy.Store;
using ReleasePolicy.Releases;
using ReleasePolicy.Workflow.Activities;

namespace ReleasePolicy.Workflow.Tests;

/// <summary>
/// A stage step retried after a crash may decide differently when its decision rests on live data (the crash suite
/// found a slot search and release-notes mail ids doing so). The first record stands and the retry goes on with it.
/// </summary>
public sealed class StageRecorderRetryTests
{
    private static readonly DateTime At = new(2026, 11, 29, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task RecordAsync_RetryDecidingDifferently_KeepsTheFirstRecordAndCarriesOnWithItsDecision()
    {
        (StageRecorder recorder, InMemoryEvidenceStore evidence, InMemoryReleaseStore releases, StageInput step) = await NewAsync();
        StageDecision first = Scheduled("2026-11-29T10:00:00Z");
        StageResult written = await recorder.RecordAsync(step, EvidenceKinds.Schedule, first, new { decision = first, search = 1 }, ReleaseStage.Scheduling, ReleaseStatus.InProgress);

        StageResult retried = await recorder.RecordAsync(step, EvidenceKinds.Schedule, Scheduled("2026-11-29T11:00:00Z"), new { decision = Scheduled("2026-11-29T11:00:00Z"), search = 2 }, ReleaseStage.Scheduling, ReleaseStatus.InProgress);

        Assert.Equal("2026-11-29T10:00:00Z", retried.Decision.Details!["slotStart"]);
        Assert.Equal(written.Decision.Details, retried.Decision.Details);
        Assert.Single(await evidence.ReadRecordsAsync(step.Release.Request.Service, step.Release.ReleaseId), r => r.Kind == EvidenceKinds.Schedule);
        Assert.Equal("2026-11-29T10:00:00Z", (await releases.GetAsync(step.Release.ReleaseId))!.Decisions[^1].Details!["slotStart"]);
    }

    [Fact]
    public async Task RecordAsync_AnotherKindAtTheSameSequence_StillConflicts()
    {
        (StageRecorder recorder, _, _, StageInput step) = await NewAsync();
        StageDecision first = Scheduled("2026-11-29T10:00:00Z");
        await recorder.RecordAsync(step, EvidenceKinds.Schedule, first, new { decision = first }, ReleaseStage.Scheduling, ReleaseStatus.InProgress);

        await Assert.ThrowsAsync<EvidenceConflictException>(() =>
            recorder.RecordAsync(step, EvidenceKinds.Deployment, first, new { decision = first }, ReleaseStage.Deployment, ReleaseStatus.InProgress));
    }

    private static StageDecision Scheduled(string slotStart) => new(
        ReleaseStage.Scheduling,
        StageOutcomes.Scheduled,
        "Booked " + slotStart,
        new DateTimeOffset(At),
        new Dictionary<string, string>(StringComparer.Ordinal) { ["slotStart"] = slotStart });

    private static async Task<(StageRecorder, InMemoryEvidenceStore, InMemoryReleaseStore, StageInput)> NewAsync()
    {
        var evidence = new InMemoryEvidenceStore();
        var releases = new InMemoryReleaseStore(TimeProvider.System);
        var policy = new PolicyReference(1, "2026.11.0", new string('a', 64));
        ReleaseRequest request = ReleaseOrchestrationTests.Request();
        var release = new ReleaseWorkflowInput("rel-" + Guid.NewGuid().ToString("N"), request, TimeSpan.Zero, policy);
        await releases.TryCreateAsync(ReleaseRecord.Submitted(release.ReleaseId, request, policy, new DateTimeOffset(At)));
        var recorder = new StageRecorder(evidence, releases, new CrashInjection(Options.Create(new CrashInjectionOptions())));
        await recorder.AppendAsync(release, 1, EvidenceKinds.Submission, At, EvidenceData.FromObject(new { request }));
        return (recorder, evidence, releases, new StageInput(release, 2, At));
    }
}
