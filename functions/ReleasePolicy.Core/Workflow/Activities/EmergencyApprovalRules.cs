using ReleasePolicy.Notifications;
using ReleasePolicy.Policy;
using ReleasePolicy.Releases;

namespace ReleasePolicy.Workflow.Activities;

/// <summary>
/// Whether an emergency release may skip pre-approval: only when its requester is named, directly or through a group
/// the directory puts them in now, under <c>approvals.emergency.skipPreApprovalFor</c>.
/// </summary>
public sealed class EmergencyApprovalRules(IPeopleDirectory directory)
{
    /// <returns>The clause that allows the skip, or null when the release must be approved first.</returns>
    public async Task<string?> SkipsPreApprovalAsync(ReleaseRequest release, PolicyDocument policy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(policy);
        if (release.Type != ReleaseType.Emergency || policy.Approvals.Emergency is null)
        {
            return null;
        }

        IReadOnlyList<string> groups = await directory.GetGroupsOfAsync(release.RequestedBy, cancellationToken).ConfigureAwait(false);
        return EmergencyRules.SkipPreApprovalGrant(policy, release.RequestedBy, groups) is { } grant
            ? NamedGrant.Describe("approvals.emergency.skipPreApprovalFor", grant, release.RequestedBy)
            : null;
    }
}
