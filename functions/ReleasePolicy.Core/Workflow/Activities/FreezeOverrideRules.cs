using ReleasePolicy.Notifications;
using ReleasePolicy.Policy;
using ReleasePolicy.Releases;

namespace ReleasePolicy.Workflow.Activities;

/// <summary>
/// Whether a release's freeze override is honoured: only when its requester is named, directly or through a group the
/// directory puts them in now, under <c>calendar.freezeOverrideBy</c>.
/// </summary>
public sealed class FreezeOverrideRules(IPeopleDirectory directory)
{
    public async Task<FreezeOverrideGrant?> DecideAsync(ReleaseRequest release, PolicyDocument policy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(policy);
        if (release.Schedule.FreezeOverride is not { } requested)
        {
            return null;
        }

        IReadOnlyList<string> allowed = policy.Calendar.FreezeOverrideBy;
        IReadOnlyList<string> groups = await directory.GetGroupsOfAsync(release.RequestedBy, cancellationToken).ConfigureAwait(false);
        if (NamedGrant.Find(allowed, release.RequestedBy, groups) is { } entry)
        {
            return new FreezeOverrideGrant(true, release.RequestedBy, requested.Reason, NamedGrant.Describe("calendar.freezeOverrideBy", entry, release.RequestedBy));
        }

        string refusal = allowed.Count == 0
            ? "the policy names nobody who may override a freeze (calendar.freezeOverrideBy)"
            : $"{release.RequestedBy} is not named in calendar.freezeOverrideBy ({string.Join(", ", allowed)}), directly or through a group";
        return new FreezeOverrideGrant(false, release.RequestedBy, requested.Reason, refusal);
    }
}

/// <summary>An override request and what became of it: who asked, why, and the clause that allows it (or why not).</summary>
public sealed record FreezeOverrideGrant(bool Granted, string RequestedBy, string Reason, string Basis);
