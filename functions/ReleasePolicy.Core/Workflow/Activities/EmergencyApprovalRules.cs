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
        if (release.Type != ReleaseType.Emergency || policy.Approvals.Emergency is not { } emergency)
        {
            return null;
        }

        foreach (string allowed in emergency.SkipPreApprovalFor)
        {
            if (string.Equals(allowed, release.RequestedBy, StringComparison.OrdinalIgnoreCase))
            {
                return $"approvals.emergency.skipPreApprovalFor names {release.RequestedBy}";
            }

            if (await directory.IsMemberAsync(release.RequestedBy, allowed, cancellationToken).ConfigureAwait(false))
            {
                return $"approvals.emergency.skipPreApprovalFor names {allowed}, and {release.RequestedBy} is a member";
            }
        }

        return null;
    }
}
