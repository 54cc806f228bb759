using System.Text.Json.Serialization;
using ReleasePolicy.Policy;
using ReleasePolicy.Policy.Store;

namespace ReleasePolicy.Workflow;

/// <summary>
/// A proposed policy version's approval, fixed when it is proposed: the chain is the <b>active</b> policy's
/// <c>approvals.policyChanges</c> at that moment (a proposal never chooses its own approvers).
/// </summary>
/// <param name="Base">The active version it was proposed to replace.</param>
/// <param name="RetentionDays">How long storage keeps the proposal's evidence (the base policy's default retention).</param>
public sealed record PolicyChangeInput(string Version, string Hash, string ProposedBy, PolicyReference Base, ApprovalChain Chain, int RetentionDays)
{
    /// <summary>The approval id, orchestration instance id and evidence id: <c>policy-{version}</c>.</summary>
    [JsonIgnore]
    public string ApprovalId => PolicyProposal.ApprovalIdFor(this.Version);
}

/// <summary>One step of a policy change: the proposal, the tier (or -1 outside tiers), the next evidence sequence and the time.</summary>
public sealed record PolicyChangeStep(PolicyChangeInput Change, int Tier, int Sequence, DateTime At);

public sealed record PolicyTierClosing(PolicyChangeStep Step, TierEnding Ending);

public sealed record PolicyChangeFinish(PolicyChangeInput Change, int Sequence, DateTime At, IReadOnlyList<TierClosed> Tiers);

/// <summary>How a proposal ended: approved and published as <paramref name="PublishedSequence"/>, or not, with the reason.</summary>
public sealed record PolicyChangeResult(PolicyChangeStatus Status, string Reason, int? PublishedSequence);

public enum PolicyChangeStatus
{
    Pending,
    Approved,
    Rejected,
    TimedOut,

    /// <summary>Every tier approved, but the store refused to publish it (e.g. its version was published meanwhile).</summary>
    NotPublished,
}
