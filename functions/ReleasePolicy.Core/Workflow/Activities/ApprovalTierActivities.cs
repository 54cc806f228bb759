using ReleasePolicy.Approvals;
using ReleasePolicy.Evidence;
using ReleasePolicy.Notifications;
using ReleasePolicy.Policy;

namespace ReleasePolicy.Workflow.Activities;

/// <summary>
/// One tier's life: open it (resolve approvers, exclude who may not approve, mail the rest), remind, escalate, and
/// close it with every answer and refusal in its evidence record. Each step is safe to retry: the tier row is created
/// once, a person is mailed once per step, and records already written stand (the first write wins, since a retry
/// may see a later tally).
/// </summary>
public sealed class ApprovalTierActivities(IApprovalStore store, ApproverResolution approvers, IApprovalInvitations invitations, StageRecorder recorder)
{
    public async Task<TierOpened> OpenAsync(TierStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        ApprovalChain chain = ChainOf(step.Request);
        ApprovalTier tier = chain.Tiers[step.Tier];
        string approvalId = step.Request.ReleaseId;
        DateTimeOffset openedAt = At(step.At);

        List<ExcludedPerson> excluded = await this.ExcludedAsync(step.Request, chain, step.Tier).ConfigureAwait(false);
        IReadOnlyList<DirectoryPerson> candidates = await approvers.ResolveAsync(tier.Groups, tier.Users).ConfigureAwait(false);
        DirectoryPerson[] eligible = candidates.Where(p => !excluded.Any(e => Same(e.Person, p.Id))).ToArray();

        var state = new ApprovalTierState(
            approvalId,
            step.Tier,
            tier.Name,
            chain.Name,
            tier.Quorum,
            tier.Groups,
            tier.Users,
            excluded,
            [],
            [],
            step.Request.InstanceId,
            step.Request.Release.Request.RequestedBy,
            openedAt,
            openedAt + tier.Timeout.After,
            TierStatus.Open,
            [],
            [],
            []);
        ApprovalTierState stored = await store.OpenAsync(state).ConfigureAwait(false);
        await this.InviteAsync(step, stored, eligible, InvitationPurpose.Request, "requested", $"Asked {eligible.Length} eligible approvers; quorum {tier.Quorum}.").ConfigureAwait(false);

        await recorder.AppendAsync(step.Request.Release, step.Sequence, EvidenceKinds.ApprovalRequest, step.At, EvidenceData.FromObject(new
        {
            chain = chain.Name,
            tier = step.Tier,
            definition = tier,
            openedAt,
            deadline = stored.Deadline,
            asked = eligible.Select(p => p.Id).ToArray(),
            excluded,
        }), mode: EvidenceWriteMode.FirstWriteWins).ConfigureAwait(false);
        return new TierOpened(step.Sequence + 1, step.At, eligible.Length, eligible.Length >= tier.Quorum);
    }

    public async Task<TierProgress> RemindAsync(TierStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        StoredTier current = await this.ReadAsync(step).ConfigureAwait(false);
        if (!current.State.IsOpen)
        {
            return new TierProgress(step.Sequence, current.State.Status);
        }

        DirectoryPerson[] waiting = await approvers.PeopleAsync(current.State.Waiting).ConfigureAwait(false);
        await this.InviteAsync(step, current.State, waiting, InvitationPurpose.Reminder, "reminded", $"Reminded {waiting.Length} approvers who have not answered.").ConfigureAwait(false);
        await recorder.AppendAsync(step.Request.Release, step.Sequence, EvidenceKinds.ApprovalReminder, step.At, EvidenceData.FromObject(new
        {
            chain = current.State.ChainName,
            tier = step.Tier,
            reminded = waiting.Select(p => p.Id).ToArray(),
            approvalsSoFar = current.State.Approvals,
            quorum = current.State.Quorum,
        }), mode: EvidenceWriteMode.FirstWriteWins).ConfigureAwait(false);
        return new TierProgress(step.Sequence + 1, TierStatus.Open);
    }

    public async Task<TierProgress> EscalateAsync(TierStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        StoredTier current = await this.ReadAsync(step).ConfigureAwait(false);
        if (!current.State.IsOpen || current.State.Escalated)
        {
            return new TierProgress(step.Sequence, current.State.Status);
        }

        ApprovalChain chain = ChainOf(step.Request);
        ApprovalTier tier = chain.Tiers[step.Tier];
        EscalationTarget target = tier.Sla.EscalateTo ?? new EscalationTarget(EscalationKind.Manager, null);
        (IReadOnlyList<string> groups, IReadOnlyList<DirectoryPerson> people, string description) = await approvers.EscalationAsync(chain, step.Tier, target, current.State.Waiting).ConfigureAwait(false);
        IReadOnlyList<DirectoryPerson> added = current.State.NewcomersAmong(people);
        IEnumerable<string> byName = target.Kind == EscalationKind.Manager ? added.Select(p => p.Id) : [];
        var changed = await store.UpdateAsync(step.Request.ReleaseId, step.Tier, t => t.WithEscalation(groups, byName)).ConfigureAwait(false);
        if (changed is not { After: { } escalated })
        {
            return new TierProgress(step.Sequence, changed?.Before.Status ?? TierStatus.Open);
        }

        await this.InviteAsync(step, escalated, added, InvitationPurpose.Escalation, "escalated", $"Escalated to {description}.").ConfigureAwait(false);
        await recorder.AppendAsync(step.Request.Release, step.Sequence, EvidenceKinds.ApprovalEscalation, step.At, EvidenceData.FromObject(new
        {
            chain = escalated.ChainName,
            tier = step.Tier,
            target,
            escalatedTo = description,
            added = added.Select(p => p.Id).ToArray(),
            approvalsSoFar = escalated.Approvals,
            quorum = escalated.Quorum,
        }), mode: EvidenceWriteMode.FirstWriteWins).ConfigureAwait(false);
        return new TierProgress(step.Sequence + 1, TierStatus.Open);
    }

    public async Task<TierProgress> CheckAsync(TierStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        StoredTier current = await this.ReadAsync(step).ConfigureAwait(false);
        return new TierProgress(step.Sequence, current.State.Status);
    }

    public async Task<TierClosed> CloseAsync(TierClosing closing)
    {
        ArgumentNullException.ThrowIfNull(closing);
        TierStep step = closing.Step;
        ApprovalTier tier = ChainOf(step.Request).Tiers[step.Tier];
        DateTimeOffset at = At(step.At);
        var changed = await store.UpdateAsync(step.Request.ReleaseId, step.Tier, state => state.IsOpen
            ? Ending(state, tier, closing.Ending, at)
            : null).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Tier {step.Tier} of {step.Request.ReleaseId} was never opened.");
        ApprovalTierState final = changed.After ?? changed.Before;

        foreach (string person in final.Notified.Concat(final.AddedApprovers).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            await store.RemovePendingAsync(person, final.ApprovalId, final.Tier).ConfigureAwait(false);
        }

        await recorder.AppendAsync(step.Request.Release, step.Sequence, EvidenceKinds.ApprovalTier, step.At, EvidenceData.FromObject(final), mode: EvidenceWriteMode.FirstWriteWins).ConfigureAwait(false);
        string[] approvers = final.Votes.Where(v => v.Verdict == ApprovalVerdict.Approve).Select(v => v.Person).ToArray();
        return new TierClosed(step.Sequence + 1, final.Status, final.Outcome ?? final.Status.ToString(), approvers);
    }

    /// <summary>How an open tier ends at its deadline (the policy's words) or when nobody could reach its quorum.</summary>
    internal static ApprovalTierState Ending(ApprovalTierState state, ApprovalTier tier, TierEnding ending, DateTimeOffset at)
    {
        (TierStatus status, string outcome, string kind) = ending switch
        {
            TierEnding.Unreachable => (TierStatus.Rejected, $"Rejected: tier '{state.TierName}' needs {state.Quorum} approvals but only {state.Notified.Count} people may give one after segregation of duties.", "closed"),
            _ when tier.Timeout.Outcome == TimeoutOutcome.Approve => (TierStatus.Approved, $"Approved at the deadline by the policy's timeout rule: {tier.Timeout.ApproveStatement}", "timed-out"),
            _ => (TierStatus.TimedOut, $"Timed out: no decision by the deadline {state.Deadline:O} ({state.Approvals} of {state.Quorum} approvals); the policy's timeout outcome is reject.", "timed-out"),
        };
        return state.WithEvent(new TierEvent(kind, at, [], outcome)) with { Status = status, Outcome = outcome, ClosedAt = at };
    }

    private async Task InviteAsync(TierStep step, ApprovalTierState tier, IReadOnlyList<DirectoryPerson> people, InvitationPurpose purpose, string kind, string note)
    {
        var sent = new List<string>();
        var mails = new List<string>();
        foreach (DirectoryPerson person in people)
        {
            mails.Add(await invitations.SendAsync(new ApprovalInvitation(step.Request, tier, person, purpose)).ConfigureAwait(false));
            sent.Add(person.Id);
            await store.AddPendingAsync(new PendingApproval(
                person.Id, tier.ApprovalId, tier.Tier, tier.TierName, tier.ChainName,
                $"{step.Request.Release.Request.Service} {step.Request.Release.Request.Version} to {step.Request.Release.Request.Environment}",
                tier.OpenedAt, tier.Deadline)).ConfigureAwait(false);
        }

        await store.UpdateAsync(tier.ApprovalId, tier.Tier, state => state.WithEvent(new TierEvent(kind, At(step.At), sent, note) { Mails = mails }) with
        {
            Notified = [.. state.Notified, .. sent.Where(p => !state.Notified.Any(n => Same(n, p)))],
        }).ConfigureAwait(false);
    }

    private async Task<List<ExcludedPerson>> ExcludedAsync(ApprovalRequest request, ApprovalChain chain, int tier)
    {
        var excluded = new List<ExcludedPerson> { new(request.Release.Request.RequestedBy, "requested this release") };
        if (request.Release.Request.SubmittedByPerson && request.Release.Request.SubmittedBy is { } submitter && !Same(submitter, request.Release.Request.RequestedBy))
        {
            excluded.Add(new ExcludedPerson(submitter, "submitted this release"));
        }

        if (chain.DistinctApproversAcrossTiers && tier > 0)
        {
            foreach (ApprovalTierState earlier in (await store.ListAsync(request.ReleaseId).ConfigureAwait(false)).Where(t => t.Tier < tier))
            {
                foreach (ApprovalVote vote in earlier.Votes.Where(v => v.Verdict == ApprovalVerdict.Approve))
                {
                    excluded.Add(new ExcludedPerson(vote.Person, $"approved tier '{earlier.TierName}' already, and {chain.Name} needs different people in each tier"));
                }
            }
        }

        return excluded;
    }

    private async Task<StoredTier> ReadAsync(TierStep step) =>
        await store.GetAsync(step.Request.ReleaseId, step.Tier).ConfigureAwait(false)
        ?? throw new InvalidOperationException($"Tier {step.Tier} of {step.Request.ReleaseId} was never opened.");

    private static ApprovalChain ChainOf(ApprovalRequest request) => request.Chain;

    private static DateTimeOffset At(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
