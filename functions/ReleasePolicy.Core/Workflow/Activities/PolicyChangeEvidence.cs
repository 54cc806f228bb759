using ReleasePolicy.Evidence;

namespace ReleasePolicy.Workflow.Activities;

/// <summary>
/// A proposal's evidence chain: <c>releases/release-policy/policy-{version}/…</c> in the evidence container, the same
/// create-only, hash-chained, sealed records a release has, so auditors verify and export it the same way.
/// </summary>
public sealed class PolicyChangeEvidence(IEvidenceStore evidence)
{
    /// <summary>The "service" a policy change is recorded under.</summary>
    public const string Service = "release-policy";

    public const string ProposalKind = "policy-proposal";
    public const string OutcomeKind = "policy-change-decision";

    public static EvidenceActor Workflow { get; } = new("releasepolicy-workflow", ActorKind.System);

    public Task<AppendOutcome> AppendAsync(PolicyChangeStep step, string kind, object data, EvidenceActor? actor = null, EvidenceWriteMode mode = EvidenceWriteMode.FirstWriteWins)
    {
        ArgumentNullException.ThrowIfNull(step);
        var entry = new EvidenceEntry(
            Service,
            step.Change.ApprovalId,
            step.Sequence,
            kind,
            new DateTimeOffset(DateTime.SpecifyKind(step.At, DateTimeKind.Utc)),
            actor ?? Workflow,
            step.Change.Base,
            EvidenceData.FromObject(data))
        {
            RetentionDays = step.Change.RetentionDays,
        };
        return evidence.AppendAsync(entry, mode);
    }

    public Task<SealOutcome> SealAsync(PolicyChangeInput change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return evidence.SealAsync(Service, change.ApprovalId);
    }
}
