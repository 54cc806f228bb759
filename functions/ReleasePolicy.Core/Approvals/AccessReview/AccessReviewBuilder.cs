using ReleasePolicy.Notifications;
using ReleasePolicy.Policy;

namespace ReleasePolicy.Approvals.AccessReview;

/// <summary>
/// Who can approve what under the active policy, for the periodic least-privilege review: every chain (each oversight
/// route, policy changes, the emergency post-facto review), every tier's groups resolved through the people directory
/// now, named users, escalation targets (a group, the next tier, approvers' managers) and who may skip emergency
/// pre-approval; one row per person and clause, sorted by person.
/// </summary>
public sealed class AccessReviewBuilder(IPeopleDirectory directory, TimeProvider time)
{
    public const string NamedUser = "named user";

    /// <summary>The review of a policy (the active one, from the API); <paramref name="policyHash"/> is its published text's.</summary>
    public async Task<AccessReviewReport> BuildAsync(PolicyDocument document, string policyHash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        var run = new Run(directory, document.Version, cancellationToken);
        foreach (OversightEntry entry in document.Oversight)
        {
            // Auto-approval has no tiers, so nobody to list.
            await run.AddChainAsync(entry.Chain, $"oversight.{entry.Route.ToPolicyName()}").ConfigureAwait(false);
        }

        if (document.Approvals.PolicyChanges is { } policyChanges)
        {
            await run.AddChainAsync(policyChanges, "approvals.policyChanges").ConfigureAwait(false);
        }

        if (document.Approvals.Emergency is { } emergency)
        {
            await run.AddChainAsync(emergency.PostFactoReview, "approvals.emergency.postFactoReview").ConfigureAwait(false);
            await run.AddSkipPreApprovalAsync(emergency.SkipPreApprovalFor).ConfigureAwait(false);
        }

        AccessReviewRow[] rows = run.Rows
            .Distinct()
            .OrderBy(r => r.Person, StringComparer.OrdinalIgnoreCase)
            .ThenBy(r => r.Chain, StringComparer.Ordinal)
            .ThenBy(r => r.Clause, StringComparer.Ordinal)
            .ToArray();
        return new AccessReviewReport(document.Version, policyHash, time.GetUtcNow(), rows, run.Warnings);
    }

    /// <summary>One review's state: rows, warnings, and the groups already resolved (each is asked for once).</summary>
    private sealed class Run(IPeopleDirectory directory, string policyVersion, CancellationToken cancellationToken)
    {
        private readonly Dictionary<string, IReadOnlyList<DirectoryPerson>> groups = new(StringComparer.Ordinal);
        private readonly Dictionary<string, DirectoryPerson?> people = new(StringComparer.Ordinal);

        public List<AccessReviewRow> Rows { get; } = [];

        public List<string> Warnings { get; } = [];

        public async Task AddChainAsync(ApprovalChain chain, string fallbackName)
        {
            // The chain's own name is its policy path when the parser gave it one.
            string chainName = string.IsNullOrEmpty(chain.Name) ? fallbackName : chain.Name;
            for (int t = 0; t < chain.Tiers.Count; t++)
            {
                ApprovalTier tier = chain.Tiers[t];
                string tierPath = $"{chainName}.tiers[{t}]";
                List<DirectoryPerson> approvers = await this.AddApproversAsync(chainName, tier.Name, tier.Groups, tier.Users, $"{tierPath}.approvers").ConfigureAwait(false);
                await this.AddEscalationAsync(chain, t, chainName, tierPath, approvers).ConfigureAwait(false);
            }
        }

        public async Task AddSkipPreApprovalAsync(IReadOnlyList<string> names)
        {
            const string chainName = "approvals.emergency";
            for (int i = 0; i < names.Count; i++)
            {
                string clause = $"{chainName}.skipPreApprovalFor[{i}]";
                if (await directory.IsGroupAsync(names[i], cancellationToken).ConfigureAwait(false))
                {
                    await this.AddGroupAsync(chainName, "skipPreApproval", names[i], names[i], clause).ConfigureAwait(false);
                }
                else
                {
                    await this.AddUserAsync(chainName, "skipPreApproval", names[i], clause).ConfigureAwait(false);
                }
            }
        }

        private async Task<List<DirectoryPerson>> AddApproversAsync(string chainName, string tier, IReadOnlyList<string> groupNames, IReadOnlyList<string> users, string path)
        {
            var approvers = new List<DirectoryPerson>();
            for (int g = 0; g < groupNames.Count; g++)
            {
                approvers.AddRange(await this.AddGroupAsync(chainName, tier, groupNames[g], groupNames[g], $"{path}.groups[{g}]").ConfigureAwait(false));
            }

            for (int u = 0; u < users.Count; u++)
            {
                if (await this.AddUserAsync(chainName, tier, users[u], $"{path}.users[{u}]").ConfigureAwait(false) is { } person)
                {
                    approvers.Add(person);
                }
            }

            return approvers;
        }

        private async Task AddEscalationAsync(ApprovalChain chain, int t, string chainName, string tierPath, List<DirectoryPerson> approvers)
        {
            ApprovalTier tier = chain.Tiers[t];
            string clause = $"{tierPath}.sla.escalateTo";
            switch (tier.Sla.EscalateTo)
            {
                case { Kind: EscalationKind.Group, Group: { Length: > 0 } group }:
                    await this.AddGroupAsync(chainName, tier.Name, group, $"escalation to {group}", clause + ".group").ConfigureAwait(false);
                    break;
                case { Kind: EscalationKind.NextTier } when t + 1 < chain.Tiers.Count:
                    ApprovalTier next = chain.Tiers[t + 1];
                    foreach (string group in next.Groups)
                    {
                        await this.AddGroupAsync(chainName, tier.Name, group, $"escalation to the next tier ({group})", clause).ConfigureAwait(false);
                    }

                    foreach (string user in next.Users)
                    {
                        await this.AddUserAsync(chainName, tier.Name, user, clause, $"escalation to the next tier ({NamedUser})").ConfigureAwait(false);
                    }

                    break;
                case { Kind: EscalationKind.Manager }:
                    foreach (DirectoryPerson approver in approvers.DistinctBy(a => a.Id, StringComparer.Ordinal))
                    {
                        if (await directory.GetManagerAsync(approver.Id, cancellationToken).ConfigureAwait(false) is { } manager)
                        {
                            this.Add(manager, chainName, tier.Name, $"escalation to the manager of {approver.Id}", clause);
                        }
                    }

                    break;
            }
        }

        private async Task<IReadOnlyList<DirectoryPerson>> AddGroupAsync(string chainName, string tier, string group, string via, string clause)
        {
            if (!this.groups.TryGetValue(group, out IReadOnlyList<DirectoryPerson>? members))
            {
                members = await directory.GetGroupMembersAsync(group, cancellationToken).ConfigureAwait(false);
                this.groups[group] = members;
            }

            if (members.Count == 0)
            {
                this.Warnings.Add($"{clause}: the group '{group}' is unknown to the directory or has no members, so nobody can approve through it.");
            }

            foreach (DirectoryPerson member in members)
            {
                this.Add(member, chainName, tier, via, clause);
            }

            return members;
        }

        private async Task<DirectoryPerson?> AddUserAsync(string chainName, string tier, string user, string clause, string via = NamedUser)
        {
            if (!this.people.TryGetValue(user, out DirectoryPerson? person))
            {
                person = await directory.FindPersonAsync(user, cancellationToken).ConfigureAwait(false);
                this.people[user] = person;
            }

            if (person is null)
            {
                this.Warnings.Add($"{clause}: '{user}' is not in the directory.");
                this.Rows.Add(new AccessReviewRow(user, null, null, chainName, tier, via, clause, policyVersion));
                return null;
            }

            this.Add(person, chainName, tier, via, clause);
            return person;
        }

        private void Add(DirectoryPerson person, string chainName, string tier, string via, string clause) =>
            this.Rows.Add(new AccessReviewRow(person.Id, person.DisplayName, person.Mail, chainName, tier, via, clause, policyVersion));
    }
}
