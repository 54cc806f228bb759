using ReleasePolicy.Policy;

namespace ReleasePolicy.Calendar;

/// <summary>
/// What the slot search needs about one release: where, what, how long, and from when. <see cref="NotBefore"/> is the
/// later of the desired start, now, and the end of its dependencies' slots.
/// </summary>
/// <param name="Tier">The service's criticality tier name (<c>tier-0</c>...), or null when the service is not in scope.</param>
/// <param name="Resources">Shared resources the release holds (from the policy's <c>sharedResources</c>).</param>
/// <param name="OverrideFreezes">The release may pass overridable policy freezes (a recorded override by an allowed person).</param>
public sealed record SlotRequest(
    string ReleaseId,
    string Environment,
    string Service,
    string? Tier,
    ReleaseType Type,
    TimeSpan Duration,
    DateTimeOffset NotBefore,
    IReadOnlyList<string> Resources,
    bool OverrideFreezes = false)
{
    public IReadOnlyList<string> Lanes => BookingLanes.For(this.Environment, this.Service, this.Resources);
}
