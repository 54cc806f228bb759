namespace ReleasePolicy.Approvals.Presentation;

/// <summary>
/// Everything an approver sees before deciding, in every view (mail, Actionable Message card, approver page), so the
/// three cannot disagree about what is being approved. Pure data: the caller maps it from the readiness decision,
/// the release request and the approval's state (see <see cref="ApprovalSummaryMapping"/>).
/// </summary>
/// <param name="ReleaseId">The release id, or <c>policy-{version}</c> for a policy change.</param>
/// <param name="Service">The service; for a policy change, what the policy governs (e.g. <c>release policy</c>).</param>
/// <param name="Environment">Null for a policy change (the row is left out).</param>
/// <param name="ReleaseType">Null for a policy change (the row is left out).</param>
/// <param name="RequestedBy">The person who asked (display name or id), shown so approvers can spot self-interest.</param>
/// <param name="Risk">Null when no risk was assessed (a policy change).</param>
/// <param name="Gates">Each readiness gate's result, in the order readiness evaluated them.</param>
/// <param name="Rollback">Null when the evidence names no rollback plan (shown as "none given").</param>
/// <param name="Approvals">Who has approved this tier so far.</param>
/// <param name="Deadline">When the tier times out, if it does.</param>
/// <param name="PolicyDiff">For a policy change: the unified diff against the active version.</param>
public sealed record ApprovalSummary(
    string ReleaseId,
    string Service,
    string Version,
    string? Environment,
    string? ReleaseType,
    string RequestedBy,
    string ChangeSummary,
    SummaryRisk? Risk,
    IReadOnlyList<SummaryGate> Gates,
    RollbackPlan? Rollback,
    SummaryTier Tier,
    IReadOnlyList<SummaryApproval> Approvals,
    DateTimeOffset? Deadline,
    IReadOnlyList<DiffLine>? PolicyDiff = null)
{
    /// <summary>A one-line name for what is being approved, used in titles and subjects.</summary>
    public string Headline => this.Environment is null
        ? $"{this.Service} {this.Version}"
        : $"{this.Service} {this.Version} to {this.Environment}";
}
