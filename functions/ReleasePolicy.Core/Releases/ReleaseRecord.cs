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
    };

    /// <summary>
    /// Applies a stage's progress. Idempotent: a retried activity replaces its own stage's decision instead of
    /// adding a second one.
    /// </summary>
    public ReleaseRecord With(ReleaseProgress progress, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(progress);
        IReadOnlyList<StageDecision> decisions = this.Decisions;
        if (progress.Decision is { } decision)
        {
            decisions = [.. this.Decisions.Where(d => d.Stage != decision.Stage), decision];
        }

        return this with { Stage = progress.Stage, Status = progress.Status, Decisions = decisions, UpdatedAt = now };
    }
}

/// <summary>A stage reporting where the release now is, with the decision it just made, if any.</summary>
public sealed record ReleaseProgress(string ReleaseId, ReleaseStage Stage, ReleaseStatus Status, StageDecision? Decision);
