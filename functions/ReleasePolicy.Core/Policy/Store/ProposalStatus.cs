using ReleasePolicy.Approvals;

namespace ReleasePolicy.Policy.Store;

/// <summary>
/// Where a proposal stands, read from the facts rather than kept as a mutable field: published (its text is a
/// published version), rejected or timed out (a tier of its tally closed that way), otherwise pending.
/// </summary>
public sealed record ProposalStatus(string Status, string? Reason, int? PublishedSequence, bool Active)
{
    public static ProposalStatus Of(PolicyProposal proposal, IReadOnlyList<ApprovalTierState> tiers, IReadOnlyList<PublishedPolicy> versions)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        ArgumentNullException.ThrowIfNull(tiers);
        ArgumentNullException.ThrowIfNull(versions);
        if (versions.FirstOrDefault(v => v.Version == proposal.Version && v.Hash == proposal.Hash) is { } published)
        {
            bool active = versions.Count > 0 && versions[^1].Sequence == published.Sequence;
            return new ProposalStatus("approved", $"Approved and published as #{published.Sequence}.", published.Sequence, active);
        }

        if (tiers.FirstOrDefault(t => t.Status is TierStatus.Rejected or TierStatus.TimedOut) is { } ended)
        {
            return new ProposalStatus(ended.Status == TierStatus.Rejected ? "rejected" : "timedOut", ended.Outcome, null, false);
        }

        return new ProposalStatus("pending", null, null, false);
    }
}
