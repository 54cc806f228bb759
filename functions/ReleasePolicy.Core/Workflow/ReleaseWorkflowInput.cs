using ReleasePolicy.Policy.Store;
using ReleasePolicy.Releases;

namespace ReleasePolicy.Workflow;

/// <summary>
/// Everything the release orchestration needs, fixed when the release is accepted, so that replays and later
/// configuration changes cannot change what an in-flight release was judged against.
/// </summary>
/// <param name="BakeTime">How long the deployment is watched before it is declared done.</param>
/// <param name="Policy">The exact policy version the release is judged under, fixed at submission.</param>
public sealed record ReleaseWorkflowInput(string ReleaseId, ReleaseRequest Request, TimeSpan BakeTime, PolicyReference Policy)
{
    /// <summary>How long storage keeps this release's evidence: the pinned policy's retention for its service.</summary>
    public int RetentionDays { get; init; } = global::ReleasePolicy.Policy.EvidenceRetention.Default.DefaultDays;

    /// <summary>The pinned policy's post-facto review chain for emergencies (null when the policy has none).</summary>
    public global::ReleasePolicy.Policy.ApprovalChain? PostFactoReview { get; init; }
}

/// <summary>The orchestration's result.</summary>
public sealed record ReleaseOutcome(string ReleaseId, ReleaseStatus Status, IReadOnlyList<StageDecision> Decisions);

/// <summary>What the orchestration publishes as its custom status, and what status queries show.</summary>
public sealed record ReleaseCustomStatus(ReleaseStage Stage, ReleaseStatus Status);

/// <summary>Input of the approval sub-orchestration: the release, its readiness decision, and its next evidence sequence.</summary>
public sealed record ApprovalRequest(ReleaseWorkflowInput Release, StageDecision Readiness, int Sequence)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public string ReleaseId => this.Release.ReleaseId;

    /// <summary>
    /// Set for an emergency's post-facto review: this chain runs instead of the readiness route's, after deployment,
    /// under its own orchestration instance; its tiers follow the (skipped) pre-approval's in the tally.
    /// </summary>
    public global::ReleasePolicy.Policy.ApprovalChain? Review { get; init; }

    /// <summary>
    /// The chain the parent already planned (it plans first, so a release approved without people never starts a
    /// sub-orchestration); null makes the approval plan for itself.
    /// </summary>
    public global::ReleasePolicy.Policy.ApprovalChain? Planned { get; init; }

    /// <summary>The orchestration instance that waits on this approval's tiers.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string InstanceId => this.Review is null ? global::ReleasePolicy.Approvals.ApprovalInstance.For(this.ReleaseId) : global::ReleasePolicy.Approvals.ApprovalInstance.ReviewFor(this.ReleaseId);

    /// <summary>The chain whose tiers this approval runs.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public global::ReleasePolicy.Policy.ApprovalChain Chain =>
        this.Review ?? this.Planned ?? this.Readiness.Readiness?.Oversight?.Chain ?? throw new InvalidOperationException("An approval ran for a release without an oversight chain.");
}

/// <summary>
/// One step of a stage: the release, the evidence sequence its first record takes, and the decision time. Both come
/// from the orchestration (its counter and its replay-safe clock), so a retried activity writes the same bytes.
/// </summary>
public sealed record StageInput(ReleaseWorkflowInput Release, int Sequence, DateTime At);

/// <summary>A stage's bounded decision (the full one is its evidence record) and the next free evidence sequence.</summary>
public sealed record StageResult(StageDecision Decision, int NextSequence);

/// <summary>
/// The last step: the final status and, for a failed workflow, the failure decision; <paramref name="Concluding"/> is
/// the deployment's last record when the close writes it first (one activity instead of two).
/// </summary>
public sealed record CloseInput(ReleaseWorkflowInput Release, int Sequence, DateTime At, ReleaseStatus Status, StageDecision? Failure = null, DeploymentConclusion? Concluding = null);

/// <summary>The approval step's input: the request and the decision time.</summary>
public sealed record ApprovalStep(ApprovalRequest Request, DateTime At);
