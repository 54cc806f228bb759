using ReleasePolicy.Approvals;
using ReleasePolicy.Approvals.Presentation;
using ReleasePolicy.Evidence;
using ReleasePolicy.Notifications;
using ReleasePolicy.Policy;
using ReleasePolicy.Policy.Store;

namespace ReleasePolicy.Workflow.Activities;

/// <summary>
/// One council tier of a policy change, on the same tally (<see cref="IApprovalStore"/>, approval id
/// <c>policy-{version}</c>) that <see cref="ApprovalAnswers"/> counts and the approver page reads, with the same
/// mails and links: open (the proposer is excluded), remind, escalate, close. Each step is safe to retry, like the
/// release tiers: the tier row is created once and records already written stand.
/// </summary>
public sealed class PolicyChangeTierActivities(
    IApprovalStore store, ApproverResolution approvers, IApprovalInvitations invitations, BlobPolicyProposals proposals, IPolicyStore policies, PolicyChangeEvidence evidence)
{
    public async Task<TierOpened> OpenAsync(PolicyChangeStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        PolicyChangeInput change = step.Change;
        ApprovalTier tier = change.Chain.Tiers[step.Tier];
        DateTimeOffset openedAt = At(step.At);

        // Nobody approves their own proposal; with distinct people across tiers, earlier tiers' approvers are out too.
        var excluded = new List<ExcludedPerson> { new(change.ProposedBy, "proposed this policy change") };
        if (change.Chain.DistinctApproversAcrossTiers && step.Tier > 0)
        {
            foreach (ApprovalTierState earlier in (await store.ListAsync(change.ApprovalId).ConfigureAwait(false)).Where(t => t.Tier < step.Tier))
            {
                excluded.AddRange(earlier.Votes.Where(v => v.Verdict == ApprovalVerdict.Approve)
                    .Select(v => new ExcludedPerson(v.Person, $"approved tier '{earlier.TierName}' already, and {change.Chain.Name} needs different people in each tier")));
            }
        }

        IReadOnlyList<DirectoryPerson> candidates = await approvers.ResolveAsync(tier.Groups, tier.Users).ConfigureAwait(false);
        DirectoryPerson[] eligible = candidates.Where(p => !excluded.Any(e => Same(e.Person, p.Id))).ToArray();
        var state = new ApprovalTierState(
            change.ApprovalId, step.Tier, tier.Name, change.Chain.Name, tier.Quorum, tier.Groups, tier.Users, excluded, [], [],
            change.ApprovalId, change.ProposedBy, openedAt, openedAt + tier.Timeout.After, TierStatus.Open, [], [], []);
        ApprovalTierState stored = await store.OpenAsync(state).ConfigureAwait(false);
        await this.InviteAsync(step, stored, eligible, InvitationPurpose.Request, "requested", $"Asked {eligible.Length} eligible approvers; quorum {tier.Quorum}.").ConfigureAwait(false);
        await evidence.AppendAsync(step, EvidenceKinds.ApprovalRequest, new
        {
            chain = change.Chain.Name,
            tier = step.Tier,
            definition = tier,
            openedAt,
            deadline = stored.Deadline,
            asked = eligible.Select(p => p.Id).ToArray(),
            excluded,
        }).ConfigureAwait(false);
        return new TierOpened(step.Sequence + 1, step.At, eligible.Length, eligible.Length >= tier.Quorum);
    }

    public async Task<TierProgress> RemindAsync(PolicyChangeStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        ApprovalTierState current = await this.ReadAsync(step).ConfigureAwait(false);
        if (!current.IsOpen)
        {
            return new TierProgress(step.Sequence, current.Status);
        }

        DirectoryPerson[] waiting = await approvers.PeopleAsync(current.Waiting).ConfigureAwait(false);
        await this.InviteAsync(step, current, waiting, InvitationPurpose.Reminder, "reminded", $"Reminded {waiting.Length} approvers who have not answered.").ConfigureAwait(false);
        await evidence.AppendAsync(step, EvidenceKinds.ApprovalReminder, new
        {
            chain = current.ChainName,
            tier = step.Tier,
            reminded = waiting.Select(p => p.Id).ToArray(),
            approvalsSoFar = current.Approvals,
            quorum = current.Quorum,
        }).ConfigureAwait(false);
        return new TierProgress(step.Sequence + 1, TierStatus.Open);
    }

    public async Task<TierProgress> EscalateAsync(PolicyChangeStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        ApprovalTierState current = await this.ReadAsync(step).ConfigureAwait(false);
        if (!current.IsOpen || current.Escalated)
        {
            return new TierProgress(step.Sequence, current.Status);
        }

        ApprovalTier tier = step.Change.Chain.Tiers[step.Tier];
        EscalationTarget target = tier.Sla.EscalateTo ?? new EscalationTarget(EscalationKind.Manager, null);
        (IReadOnlyList<string> groups, IReadOnlyList<DirectoryPerson> people, string description) = await approvers.EscalationAsync(step.Change.Chain, step.Tier, target, current.Waiting).ConfigureAwait(false);
        IReadOnlyList<DirectoryPerson> added = current.NewcomersAmong(people);
        IEnumerable<string> byName = target.Kind == EscalationKind.Manager ? added.Select(p => p.Id) : [];
        var changed = await store.UpdateAsync(step.Change.ApprovalId, step.Tier, t => t.WithEscalation(groups, byName)).ConfigureAwait(false);
        if (changed is not { After: { } escalated })
        {
            return new TierProgress(step.Sequence, changed?.Before.Status ?? TierStatus.Open);
        }

        await this.InviteAsync(step, escalated, added, InvitationPurpose.Escalation, "escalated", $"Escalated to {description}.").ConfigureAwait(false);
        await evidence.AppendAsync(step, EvidenceKinds.ApprovalEscalation, new
        {
            chain = escalated.ChainName,
            tier = step.Tier,
            target,
            escalatedTo = description,
            added = added.Select(p => p.Id).ToArray(),
            approvalsSoFar = escalated.Approvals,
            quorum = escalated.Quorum,
        }).ConfigureAwait(false);
        return new TierProgress(step.Sequence + 1, TierStatus.Open);
    }

    public async Task<TierProgress> CheckAsync(PolicyChangeStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return new TierProgress(step.Sequence, (await this.ReadAsync(step).ConfigureAwait(false)).Status);
    }

    public async Task<TierClosed> CloseAsync(PolicyTierClosing closing)
    {
        ArgumentNullException.ThrowIfNull(closing);
        PolicyChangeStep step = closing.Step;
        ApprovalTier tier = step.Change.Chain.Tiers[step.Tier];
        var changed = await store.UpdateAsync(step.Change.ApprovalId, step.Tier, state => state.IsOpen
            ? ApprovalTierActivities.Ending(state, tier, closing.Ending, At(step.At))
            : null).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Tier {step.Tier} of {step.Change.ApprovalId} was never opened.");
        ApprovalTierState final = changed.After ?? changed.Before;
        foreach (string person in final.Notified.Concat(final.AddedApprovers).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            await store.RemovePendingAsync(person, final.ApprovalId, final.Tier).ConfigureAwait(false);
        }

        await evidence.AppendAsync(step, EvidenceKinds.ApprovalTier, final).ConfigureAwait(false);
        string[] approvers = final.Votes.Where(v => v.Verdict == ApprovalVerdict.Approve).Select(v => v.Person).ToArray();
        return new TierClosed(step.Sequence + 1, final.Status, final.Outcome ?? final.Status.ToString(), approvers);
    }

    private async Task InviteAsync(PolicyChangeStep step, ApprovalTierState tier, IReadOnlyList<DirectoryPerson> people, InvitationPurpose purpose, string kind, string note)
    {
        PolicyProposal proposal = await proposals.GetAsync(step.Change.Version).ConfigureAwait(false)
            ?? throw new PermanentFailureException($"Proposal {step.Change.Version} is missing from the policy store.");
        PublishedPolicy? basePolicy = await policies.GetAsync(step.Change.Base.Sequence).ConfigureAwait(false);
        ApprovalSummary summary = PolicyChangeSummary.Build(proposal, basePolicy?.Text ?? string.Empty, tier, step.Change.Chain.Tiers.Count);
        var sent = new List<string>();
        var mails = new List<string>();
        foreach (DirectoryPerson person in people)
        {
            mails.Add(await invitations.SendSummaryAsync(summary, tier, person, purpose).ConfigureAwait(false));
            sent.Add(person.Id);
            await store.AddPendingAsync(new PendingApproval(
                person.Id, tier.ApprovalId, tier.Tier, tier.TierName, tier.ChainName, $"release policy {step.Change.Version}", tier.OpenedAt, tier.Deadline)).ConfigureAwait(false);
        }

        await store.UpdateAsync(tier.ApprovalId, tier.Tier, state => state.WithEvent(new TierEvent(kind, At(step.At), sent, note) { Mails = mails }) with
        {
            Notified = [.. state.Notified, .. sent.Where(p => !state.Notified.Any(n => Same(n, p)))],
        }).ConfigureAwait(false);
    }

    private async Task<ApprovalTierState> ReadAsync(PolicyChangeStep step) =>
        (await store.GetAsync(step.Change.ApprovalId, step.Tier).ConfigureAwait(false))?.State
        ?? throw new InvalidOperationException($"Tier {step.Tier} of {step.Change.ApprovalId} was never opened.");

    private static DateTimeOffset At(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
