using ReleasePolicy.Access;
using ReleasePolicy.Notifications;
using ReleasePolicy.Policy;
using ReleasePolicy.Policy.Store;
using ReleasePolicy.Releases;

namespace ReleasePolicy.Deployment.Signals;

/// <summary>
/// Who may post which signal to a release. Pipeline signals (started, succeeded, failed, rollback completed, health
/// samples) need the <c>release.signal</c> role. A manual rollback is a person's decision: only a caller of kind
/// Person who is the service's <c>rollbackOwner</c> in the policy the release was submitted under (that person, or a
/// member of that group now) may ask for one. A pipeline key never may, whatever its roles.
/// </summary>
public sealed class SignalAuthorizer(PolicyCatalog policies, IPeopleDirectory people)
{
    /// <summary>Null when the caller may post the signal; otherwise why not (answered 403).</summary>
    public async Task<string?> RefusalAsync(CallerPrincipal caller, string type, ReleaseRecord release, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(release);
        if (!string.Equals(type, SignalTypes.ManualRollback, StringComparison.Ordinal))
        {
            return caller.HasRole(Roles.ReleaseSignal) ? null : $"Posting {type} needs the role {Roles.ReleaseSignal}.";
        }

        if (caller.Kind != CallerKind.Person)
        {
            return "A manual rollback is a person's decision: the service's rollback owner asks for it signed in, or with a personal key; a pipeline never may.";
        }

        if (release.Policy is not { } pinned)
        {
            return "The release records no policy, so its rollback owner is unknown.";
        }

        PolicyDocument policy = await policies.GetPinnedAsync(pinned, cancellationToken).ConfigureAwait(false);
        ServiceOwnership? ownership = policy.Ownership.FirstOrDefault(o => string.Equals(o.Service, release.Service, StringComparison.Ordinal));
        if (ownership is null)
        {
            return $"Policy {pinned.Version} names no rollback owner for {release.Service}.";
        }

        string owner = ownership.RollbackOwner;
        if (string.Equals(caller.Name, owner, StringComparison.OrdinalIgnoreCase)
            || await people.IsMemberAsync(caller.Name, owner, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return $"Only the rollback owner of {release.Service} ({owner}, per policy {pinned.Version}) may ask for a manual rollback; {caller.Name} is not {owner} nor a member of it.";
    }
}
