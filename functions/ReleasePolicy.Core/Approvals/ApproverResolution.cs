using ReleasePolicy.Notifications;
using ReleasePolicy.Policy;

namespace ReleasePolicy.Approvals;

/// <summary>An escalation's reach: groups whose members may now answer (checked live), and the people to mail now.</summary>
public sealed record EscalationReach(IReadOnlyList<string> Groups, IReadOnlyList<DirectoryPerson> People, string Description);

/// <summary>
/// Who a tier asks, read from the directory at the time of asking: its groups' members and named users, and the people
/// an escalation reaches. One place for release tiers and policy-change tiers alike.
/// </summary>
public sealed class ApproverResolution(IPeopleDirectory directory)
{
    /// <summary>The members of <paramref name="groups"/> (through nested groups) and the named <paramref name="users"/> the directory knows, each once.</summary>
    public async Task<IReadOnlyList<DirectoryPerson>> ResolveAsync(IReadOnlyList<string> groups, IReadOnlyList<string> users)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var people = new List<DirectoryPerson>();
        foreach (string group in groups)
        {
            people.AddRange(await directory.GetGroupMembersAsync(group).ConfigureAwait(false));
        }

        people.AddRange(await this.PeopleAsync(users).ConfigureAwait(false));
        return people.DistinctBy(p => p.Id, StringComparer.OrdinalIgnoreCase).ToArray();
    }

    /// <summary>The people the directory knows among <paramref name="ids"/>; unknown ids are left out.</summary>
    public async Task<DirectoryPerson[]> PeopleAsync(IEnumerable<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var people = new List<DirectoryPerson>();
        foreach (string id in ids)
        {
            if (await directory.FindPersonAsync(id).ConfigureAwait(false) is { } person)
            {
                people.Add(person);
            }
        }

        return [.. people];
    }

    /// <summary>Whom tier <paramref name="index"/> of <paramref name="chain"/> escalates to, given who is still <paramref name="waiting"/>.</summary>
    public async Task<EscalationReach> EscalationAsync(ApprovalChain chain, int index, EscalationTarget target, IReadOnlyList<string> waiting)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(waiting);
        switch (target.Kind)
        {
            case EscalationKind.NextTier when index + 1 < chain.Tiers.Count:
                ApprovalTier next = chain.Tiers[index + 1];
                return new([.. next.Groups], await this.ResolveAsync(next.Groups, next.Users).ConfigureAwait(false), $"the next tier '{next.Name}'");
            case EscalationKind.Group when target.Group is { } group:
                return new([group], await directory.GetGroupMembersAsync(group).ConfigureAwait(false), $"the group {group}");
            default:
                var managers = new List<DirectoryPerson>();
                foreach (string person in waiting)
                {
                    if (await directory.GetManagerAsync(person).ConfigureAwait(false) is { } manager)
                    {
                        managers.Add(manager);
                    }
                }

                return new([], managers, "the managers of the approvers who had not answered");
        }
    }
}
