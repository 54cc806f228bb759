using ReleasePolicy.Notifications;
using ReleasePolicy.Policy;

namespace ReleasePolicy.Deployment.Incidents.Api;

/// <summary>
/// Who may file a service's root-cause analysis: its owners in the ACTIVE policy, i.e. the people or groups of its
/// <c>ownership.approvers</c> (Accountable) and its <c>rollbackOwner</c>. Group membership is read from the directory at
/// the time of filing, as for approvals.
/// </summary>
public sealed class IncidentOwners(IPeopleDirectory directory)
{
    /// <summary>The owner entries of a service (empty when the policy has no RACI entry for it).</summary>
    public static IReadOnlyList<string> Of(PolicyDocument policy, string service)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ServiceOwnership? ownership = policy.Ownership.FirstOrDefault(o => string.Equals(o.Service, service, StringComparison.OrdinalIgnoreCase));
        return ownership is null
            ? []
            : ownership.Approvers.Append(ownership.RollbackOwner).Where(e => !string.IsNullOrWhiteSpace(e)).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
    }

    /// <summary>The entry through which <paramref name="person"/> owns the service (the name itself or a group), or null.</summary>
    public async Task<string?> OwnerEntryAsync(PolicyDocument policy, string service, string person, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<string> entries = Of(policy, service);
        string? direct = entries.FirstOrDefault(e => string.Equals(e, person, StringComparison.OrdinalIgnoreCase));
        if (direct is not null)
        {
            return direct;
        }

        foreach (string entry in entries)
        {
            if (await directory.IsMemberAsync(person, entry, cancellationToken).ConfigureAwait(false))
            {
                return entry;
            }
        }

        return null;
    }
}
