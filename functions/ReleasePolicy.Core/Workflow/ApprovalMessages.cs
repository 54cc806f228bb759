using ReleasePolicy.Approvals;
using ReleasePolicy.Policy;

namespace ReleasePolicy.Workflow;

/// <summary>
/// How the approval goes: a chain of tiers to wait for, or an outcome already decided and recorded (auto-approval
/// by the policy's rule, an ungoverned release, an emergency that skips pre-approval).
/// </summary>
public sealed record ApprovalPlan(ApprovalChain Chain, int NextSequence, StageResult? Decided);

/// <summary>One step on one tier: the approval, the tier's index, the next evidence sequence and the decision time.</summary>
public sealed record TierStep(ApprovalRequest Request, int Tier, int Sequence, DateTime At);

/// <summary>A tier just opened: when (its deadlines count from then), and whether enough people could ever approve it.</summary>
public sealed record TierOpened(int NextSequence, DateTime OpenedAt, int Eligible, bool QuorumReachable);

/// <summary>What a reminder, an escalation or a check found: the tier's status now.</summary>
public sealed record TierProgress(int NextSequence, TierStatus Status);

public enum TierEnding
{
    /// <summary>The tally decided it (an answer completed the quorum or rejected).</summary>
    Decided,

    /// <summary>The deadline passed; the policy's timeout outcome applies.</summary>
    Deadline,

    /// <summary>Fewer people can approve than the quorum needs and nothing can add more: rejected at once.</summary>
    Unreachable,
}

public sealed record TierClosing(TierStep Step, TierEnding Ending);

/// <summary>A closed tier: its status, the outcome in words, and who approved (for distinct people across tiers).</summary>
public sealed record TierClosed(int NextSequence, TierStatus Status, string Outcome, IReadOnlyList<string> Approvers);

/// <summary>The approval stage's decision from its tiers: recorded as the stage's evidence and on the release.</summary>
public sealed record ApprovalFinish(ApprovalRequest Request, int Sequence, DateTime At, ApprovalChain Chain, IReadOnlyList<TierClosed> Tiers);
