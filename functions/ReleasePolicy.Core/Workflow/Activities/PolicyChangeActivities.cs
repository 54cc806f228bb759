using ReleasePolicy.Approvals;
using ReleasePolicy.Evidence;
using ReleasePolicy.Policy.Store;

namespace ReleasePolicy.Workflow.Activities;

/// <summary>
/// The ends of a policy change: the proposal's first record (its text and hash), and the outcome, which publishes the
/// proposal through <see cref="IPolicyStore.PublishAsync"/> (create-only, next sequence) only when every tier approved.
/// </summary>
public sealed class PolicyChangeActivities(BlobPolicyProposals proposals, IPolicyStore policies, PolicyChangeEvidence evidence)
{
    public async Task<int> RecordProposalAsync(PolicyChangeStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        PolicyProposal proposal = await proposals.GetAsync(step.Change.Version).ConfigureAwait(false)
            ?? throw new PermanentFailureException($"Proposal {step.Change.Version} is missing from the policy store.");
        await evidence.AppendAsync(
            step,
            PolicyChangeEvidence.ProposalKind,
            new
            {
                version = proposal.Version,
                hash = proposal.Hash,
                proposedBy = proposal.ProposedBy,
                proposedAt = proposal.ProposedAt,
                replaces = proposal.Base,
                chain = step.Change.Chain,
                text = proposal.Text,
            },
            new EvidenceActor(proposal.ProposedBy, ActorKind.Person),
            EvidenceWriteMode.CreateOnly).ConfigureAwait(false);
        return step.Sequence + 1;
    }

    public async Task<PolicyChangeResult> FinishAsync(PolicyChangeFinish finish)
    {
        ArgumentNullException.ThrowIfNull(finish);
        PolicyChangeInput change = finish.Change;
        bool approved = finish.Tiers.Count == change.Chain.Tiers.Count && finish.Tiers.All(t => t.Status == TierStatus.Approved);
        PolicyChangeResult result;
        if (!approved)
        {
            TierClosed? last = finish.Tiers.Count > 0 ? finish.Tiers[^1] : null;
            result = new PolicyChangeResult(
                last?.Status == TierStatus.TimedOut ? PolicyChangeStatus.TimedOut : PolicyChangeStatus.Rejected,
                last?.Outcome ?? "The policy-change chain has no tiers; nothing can approve this proposal.",
                null);
        }
        else
        {
            PolicyProposal proposal = await proposals.GetAsync(change.Version).ConfigureAwait(false)
                ?? throw new PermanentFailureException($"Proposal {change.Version} is missing from the policy store.");

            PublishOutcome published = await policies.PublishAsync(proposal.Text, proposal.Version, proposal.ProposedBy).ConfigureAwait(false);
            // A retry after a crash finds its own publication: the newest (Unchanged) or, if another proposal was
            // published since, an older version under this very version name.
            bool isOurs = published.Kind is PublishOutcomeKind.Published or PublishOutcomeKind.Unchanged
                || (published.Kind == PublishOutcomeKind.InactiveVersion && published.Policy?.Version == proposal.Version);
            result = isOurs
                ? new PolicyChangeResult(PolicyChangeStatus.Approved, $"Approved by {change.Chain.Name} and published as #{published.Policy!.Sequence}.", published.Policy.Sequence)
                : new PolicyChangeResult(PolicyChangeStatus.NotPublished, "Approved, but not published: " + published.Reason, null);
        }

        await evidence.AppendAsync(
            new PolicyChangeStep(change, -1, finish.Sequence, finish.At),
            PolicyChangeEvidence.OutcomeKind,
            new { version = change.Version, hash = change.Hash, status = result.Status, reason = result.Reason, publishedSequence = result.PublishedSequence, tiers = finish.Tiers })
            .ConfigureAwait(false);
        await evidence.SealAsync(change).ConfigureAwait(false);
        return result;
    }
}
