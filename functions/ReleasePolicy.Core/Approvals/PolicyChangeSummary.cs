using ReleasePolicy.Approvals.Presentation;
using ReleasePolicy.Policy.Store;

namespace ReleasePolicy.Approvals;

/// <summary>
/// What an approver sees for a proposed policy version: who proposed it, what it replaces, and the line diff against
/// the version that was active when it was proposed (the one the council is asked to change). No risk, gates or
/// rollback: those describe releases.
/// </summary>
public static class PolicyChangeSummary
{
    public const string Subject = "release policy";

    public static ApprovalSummary Build(PolicyProposal proposal, string baseText, ApprovalTierState tier, int tierCount)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        ArgumentNullException.ThrowIfNull(baseText);
        ArgumentNullException.ThrowIfNull(tier);
        SummaryApproval[] approvals = tier.Votes
            .Where(v => v.Verdict == ApprovalVerdict.Approve)
            .Select(v => new SummaryApproval(v.Person, v.At, v.Comment))
            .ToArray();
        return new ApprovalSummary(
            proposal.ApprovalId,
            Subject,
            proposal.Version,
            null,
            null,
            proposal.ProposedBy,
            $"Proposed policy version {proposal.Version} (SHA-256 {proposal.Hash}) to replace the active version {proposal.Base.Version} (#{proposal.Base.Sequence}).",
            null,
            [],
            null,
            new SummaryTier(tier.ChainName, tier.TierName, tier.Tier, Math.Max(tierCount, tier.Tier + 1), tier.Quorum),
            approvals,
            tier.Deadline,
            PolicyLineDiff.Compute(baseText, proposal.Text));
    }
}
