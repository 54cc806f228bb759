using ReleasePolicy.Notifications;

namespace ReleasePolicy.Approvals;

/// <summary>
/// Segregation of duties and membership, checked at the moment of each answer (never from a cached list): the
/// requester and the initiating person are excluded, directly or through a group; approvals are personal; and the
/// person must be in one of the tier's groups now, be named in the tier, or have been added by an escalation.
/// </summary>
public sealed class ApproverEligibility(IPeopleDirectory directory)
{
    public async Task<Eligibility> CheckAsync(ApprovalTierState tier, string person, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tier);
        ArgumentException.ThrowIfNullOrWhiteSpace(person);
        if (tier.Excluded.FirstOrDefault(e => Same(e.Person, person)) is { } excluded)
        {
            return Eligibility.Refused(
                excluded.Reason.StartsWith("approved", StringComparison.Ordinal) ? RefusalCodes.ApprovedEarlierTier : RefusalCodes.SelfApproval,
                $"{person} may not approve: {excluded.Reason}.");
        }

        if (await directory.IsGroupAsync(person, cancellationToken).ConfigureAwait(false))
        {
            // A shared identity could hide the requester; approvals are personal so each one is attributable.
            bool hidesRequester = await directory.IsMemberAsync(tier.Requester, person, cancellationToken).ConfigureAwait(false);
            return Eligibility.Refused(
                hidesRequester ? RefusalCodes.SelfApproval : RefusalCodes.GroupApprover,
                hidesRequester
                    ? $"'{person}' is a group that contains the requester {tier.Requester}; nobody approves their own release through a group."
                    : $"'{person}' is a group; approvals are given by people, each in their own name.");
        }

        if (tier.Users.Any(u => Same(u, person)))
        {
            return Eligibility.Through("named user");
        }

        if (tier.AddedApprovers.Any(u => Same(u, person)))
        {
            return Eligibility.Through("escalation");
        }

        foreach (string group in tier.Groups)
        {
            if (await directory.IsMemberAsync(person, group, cancellationToken).ConfigureAwait(false))
            {
                return Eligibility.Through("group " + group);
            }
        }

        foreach (string group in tier.EscalationGroups)
        {
            if (await directory.IsMemberAsync(person, group, cancellationToken).ConfigureAwait(false))
            {
                return Eligibility.Through("escalation to group " + group);
            }
        }

        return Eligibility.Refused(
            RefusalCodes.NotAMember,
            $"{person} is not, at this moment, a member of {Describe(tier)} for tier '{tier.TierName}'.");
    }

    private static string Describe(ApprovalTierState tier) =>
        tier.Groups.Count == 0 ? "the tier's named approvers" : "any of the groups " + string.Join(", ", tier.Groups);

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
