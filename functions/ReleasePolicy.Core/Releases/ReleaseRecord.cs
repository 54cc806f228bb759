using ReleasePolicy.Policy.Store;
using ReleasePolicy.Policy;

namespace ReleasePolicy.Releases;

/// <summary>The indexed view of a release that status queries, lists and (later) the calendar and metrics read.</summary>
public sealed record ReleaseRecord(
    string Id,
    string Service,
    string Version,
    string Environment,
    ReleaseType Type,
    string RequestedBy,
    string ChangeSummary,
    string IdempotencyKey,
    string Fingerprint,
    ReleaseStage Stage,
    ReleaseStatus Status,
    IReadOnlyList<StageDecision> Decisions,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    PolicyReference? Policy = null)
{
    /// <summary>The authenticated principal that submitted the release; <see cref="RequestedBy"/> is the person it acted for.</summary>
    public string? SubmittedBy { get; init; }

    /// <summary>Whether <see cref="SubmittedBy"/> is a signed-in person (submitting as themselves) rather than a pipeline.</summary>
    public bool SubmittedByPerson { get; init; }

    /// <summary>The head of the release's sealed evidence chain (SHA-256), once it has ended.</summary>
    public string? EvidenceHead { get; init; }

    /// <summary>The blob of the release's signed evidence manifest, once it has ended.</summary>
    public string? EvidenceManifest { get; init; }

    /// <summary>Its booked deployment slot and every reschedule, once the scheduling stage has booked one.</summary>
    public ReleaseSchedule? Schedule { get; init; }

    public static ReleaseRecord Submitted(string id, ReleaseRequest request, PolicyReference policy, DateTimeOffset now) => new(
        id,
        request.Service,
        request.Version,
        request.Environment,
        request.Type,
        request.RequestedBy,
        request.ChangeSummary,
        request.IdempotencyKey,
        ReleaseIdentity.Fingerprint(request),
        ReleaseStage.Readiness,
        ReleaseStatus.Submitted,
        [],
        now,
        now,
        policy)
    {
        SubmittedBy = request.SubmittedBy,
        SubmittedByPerson = request.SubmittedByPerson,
    };

    /// <summary>
    /// Applies a stage's progress. Idempotent: a retried activity replaces its own step's decision instead of
    /// adding a second one. Monotone: a late or duplicated write for an earlier point in the path (an older stage,
    /// or <see cref="ReleaseStatus.Submitted"/> after work began) may add its missing decision but never moves the
    /// release back, and a finished release never changes at all. Returns this instance when nothing changes.
    /// </summary>
    /// <summary>
    /// Whether two decisions come from the same step. One per stage, except in deployment, whose steps (cleared, the
    /// watch's judgement, rollback requested, RTO missed, rolled back) each keep their own decision, so the release
    /// shows how its deployment went; a retried step still replaces its own (same outcome).
    /// </summary>
    private static bool SameStep(StageDecision a, StageDecision b) =>
        a.Stage == b.Stage && (a.Stage != ReleaseStage.Deployment || a.Outcome == b.Outcome);

    public ReleaseRecord With(ReleaseProgress progress, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(progress);
        if (ReleaseProgression.IsFinished(this.Status))
        {
            return this;
        }

        bool forward = ReleaseProgression.Compare(progress.Stage, progress.Status, this.Stage, this.Status) >= 0;
        IReadOnlyList<StageDecision> decisions = this.Decisions;
        if (progress.Decision is { } decision && (forward || !this.Decisions.Any(d => SameStep(d, decision))))
        {
            decisions = [.. this.Decisions.Where(d => !SameStep(d, decision)), decision];
        }

        if (!forward && ReferenceEquals(decisions, this.Decisions))
        {
            return this;
        }

        return forward
            ? this with
            {
                Stage = progress.Stage,
                Status = progress.Status,
                Decisions = decisions,
                UpdatedAt = now,
                EvidenceHead = progress.EvidenceHead ?? this.EvidenceHead,
                EvidenceManifest = progress.EvidenceManifest ?? this.EvidenceManifest,
                Schedule = progress.Schedule ?? this.Schedule,
            }
            : this with { Decisions = decisions, UpdatedAt = now, Schedule = progress.Schedule ?? this.Schedule };
    }
}

/// <summary>A stage reporting where the release now is, with the decision it just made, if any.</summary>
public sealed record ReleaseProgress(string ReleaseId, ReleaseStage Stage, ReleaseStatus Status, StageDecision? Decision)
{
    /// <summary>When the release ends: the SHA-256 at the head of its evidence chain, as its signed manifest names it.</summary>
    public string? EvidenceHead { get; init; }

    /// <summary>When the release ends: the blob of its signed manifest.</summary>
    public string? EvidenceManifest { get; init; }

    /// <summary>A (re)booking: the release's schedule as it now stands.</summary>
    public ReleaseSchedule? Schedule { get; init; }
}
