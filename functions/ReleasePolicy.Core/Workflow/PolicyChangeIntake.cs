using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using ReleasePolicy.Policy;
using ReleasePolicy.Policy.Store;
using ReleasePolicy.Workflow.Activities;

namespace ReleasePolicy.Workflow;

/// <summary>
/// Takes a validated policy text from the administrator. With an active policy, it becomes a <b>proposal</b>
/// (create-only, not active) and its approval by the active policy's <c>approvals.policyChanges</c> chain starts;
/// only that approval publishes it. With no policy at all (a fresh deployment) there is no council to ask, so the
/// first text is published at once: that is the bootstrap, and the only way a text becomes active unapproved.
/// Safe to retry: the proposal is create-only and the orchestration's instance id is the proposal's id.
/// </summary>
public sealed class PolicyChangeIntake(IPolicyStore store, PolicyCatalog catalog, BlobPolicyProposals proposals)
{
    public async Task<PolicyChangeIntakeResult> ProposeAsync(string text, PolicyDocument document, string proposedBy, DurableTaskClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(client);
        (PublishedPolicy Published, PolicyDocument Document) active;
        try
        {
            active = await catalog.GetActiveAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NoActivePolicyException)
        {
            PublishOutcome first = await store.PublishAsync(text, document.Version, proposedBy, cancellationToken).ConfigureAwait(false);
            return new PolicyChangeIntakeResult(PolicyChangeIntakeKind.Published, first, null);
        }

        string hash = PolicyHash.Compute(text);
        if (active.Published.Hash == hash)
        {
            return new PolicyChangeIntakeResult(PolicyChangeIntakeKind.Published, new PublishOutcome(PublishOutcomeKind.Unchanged, active.Published), null);
        }

        // The store's own refusals, before anything is proposed: an older version's text, or a published version name.
        IReadOnlyList<PublishedPolicy> versions = await store.ListAsync(cancellationToken).ConfigureAwait(false);
        if (versions.FirstOrDefault(v => v.Hash == hash) is { } earlier)
        {
            return Refused(PublishOutcomeKind.InactiveVersion, earlier,
                $"This text is version #{earlier.Sequence} ({earlier.Version}), which is not active (active is #{active.Published.Sequence}, {active.Published.Version}). To restore it, publish the same text with a new `version`.");
        }

        if (versions.FirstOrDefault(v => v.Version == document.Version) is { } clash)
        {
            return Refused(PublishOutcomeKind.VersionConflict, null, $"Version '{document.Version}' was already published (as #{clash.Sequence}) with other content; give the new policy a new version.");
        }

        ApprovalChain? council = active.Document.Approvals.PolicyChanges;
        if (council is null || council.Tiers.Count == 0)
        {
            return Refused(PublishOutcomeKind.VersionConflict, null, "The active policy names no approvals.policyChanges chain, so no proposal can be approved.");
        }

        ProposalOutcome proposed = await proposals.ProposeAsync(text, document.Version, proposedBy, active.Published.Reference, cancellationToken).ConfigureAwait(false);
        if (proposed.Kind == ProposalOutcomeKind.VersionConflict)
        {
            return Refused(PublishOutcomeKind.VersionConflict, null, proposed.Reason!);
        }

        PolicyProposal proposal = proposed.Proposal!;

        // A repeated proposal is answered under the council and base it was first proposed with.
        PolicyDocument baseDocument = proposal.Base.Hash == active.Published.Hash ? active.Document : await catalog.GetPinnedAsync(proposal.Base, cancellationToken).ConfigureAwait(false);
        var input = new PolicyChangeInput(
            proposal.Version, proposal.Hash, proposal.ProposedBy, proposal.Base, baseDocument.Approvals.PolicyChanges ?? council,
            baseDocument.Retention.DaysFor(PolicyChangeEvidence.Service));
        await EnsureOrchestrationAsync(client, input, cancellationToken).ConfigureAwait(false);
        return new PolicyChangeIntakeResult(
            proposed.Kind == ProposalOutcomeKind.Proposed ? PolicyChangeIntakeKind.Proposed : PolicyChangeIntakeKind.AlreadyProposed, null, proposal);
    }

    private static PolicyChangeIntakeResult Refused(PublishOutcomeKind kind, PublishedPolicy? policy, string reason) =>
        new(PolicyChangeIntakeKind.Refused, new PublishOutcome(kind, policy, reason), null);

    private static async Task EnsureOrchestrationAsync(DurableTaskClient client, PolicyChangeInput input, CancellationToken cancellationToken)
    {
        if (await client.GetInstanceAsync(input.ApprovalId, cancellationToken).ConfigureAwait(false) is not null)
        {
            return;
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                WorkflowNames.PolicyChangeOrchestrator, input, new StartOrchestrationOptions(input.ApprovalId), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // A concurrent retry of the same proposal may have started it first: that is the outcome we wanted.
            if (await client.GetInstanceAsync(input.ApprovalId, CancellationToken.None).ConfigureAwait(false) is null)
            {
                throw;
            }
        }
    }
}

public enum PolicyChangeIntakeKind
{
    /// <summary>Published at once (the first policy) or unchanged: see <see cref="PolicyChangeIntakeResult.Published"/>.</summary>
    Published,
    Proposed,
    AlreadyProposed,

    /// <summary>Nothing written: <see cref="PolicyChangeIntakeResult.Published"/> holds the kind and reason.</summary>
    Refused,
}

public sealed record PolicyChangeIntakeResult(PolicyChangeIntakeKind Kind, PublishOutcome? Published, PolicyProposal? Proposal);
