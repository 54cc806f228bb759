using ReleasePolicy.Notifications;
using ReleasePolicy.Policy;
using ReleasePolicy.Releases;

namespace ReleasePolicy.Workflow.Activities;

/// <summary>
/// Adds the policy's dependency sign-off (<c>calendar.dependencySignOff</c>) to a release's approval chain: one more
/// tier, after the route's, whose approvers are the owners (ownership approvers) of the services that depend on the
/// released one (its <c>dependents</c> in scope). Emergencies and releases approved without people never get it.
/// </summary>
public sealed class DependencySignOffPlanner(IPeopleDirectory directory)
{
    public async Task<ApprovalChain> AddToAsync(ApprovalChain chain, PolicyDocument policy, ReleaseRequest release, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(release);
        if (policy.Calendar.DependencySignOff is not { } signOff || !Applies(signOff, release.Type))
        {
            return chain;
        }

        IReadOnlyList<string> dependents = policy.Scope.Services.FirstOrDefault(s => s.Name == release.Service)?.Dependents ?? [];
        List<string> owners = [.. dependents
            .SelectMany(d => policy.Ownership.FirstOrDefault(o => o.Service == d)?.Approvers ?? [])
            .Distinct(StringComparer.OrdinalIgnoreCase)];
        if (owners.Count == 0)
        {
            return chain;
        }

        var groups = new List<string>();
        var users = new List<string>();
        foreach (string owner in owners)
        {
            (await directory.IsGroupAsync(owner, cancellationToken).ConfigureAwait(false) ? groups : users).Add(owner);
        }

        ApprovalTier tier = signOff.Tier with { Groups = groups, Users = users };
        return chain with { Tiers = [.. chain.Tiers, tier] };
    }

    private static bool Applies(DependencySignOff signOff, ReleaseType type) =>
        signOff.ReleaseTypes.Count == 0 ? type != ReleaseType.Emergency : signOff.ReleaseTypes.Contains(type);
}
