using ReleasePolicy.Policy;
using ReleasePolicy.Risk;

namespace ReleasePolicy.Calendar;

/// <summary>Builds a release's <see cref="SlotRequest"/> from the policy (tier, shared resources, duration).</summary>
public static partial class SlotRequests
{
    /// <param name="requestedDuration">The request's own duration, if any (the caller has checked it against the policy's max).</param>
    public static SlotRequest Create(
        PolicyDocument policy, string releaseId, string environment, string service, ReleaseType type, TimeSpan? requestedDuration, DateTimeOffset notBefore, bool overrideFreezes)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var calendar = policy.Calendar;
        // The tier in policy spelling (tier-0...), as window and freeze rules name it; null for a service out of scope.
        var tier = policy.Scope.Services.FirstOrDefault(s => string.Equals(s.Name, service, StringComparison.Ordinal))?.Tier.ToPolicyName();
        var resources = calendar.SharedResources
            .Where(r => r.Services.Contains(service, StringComparer.Ordinal)
                && (r.Environments.Count == 0 || r.Environments.Contains(environment, StringComparer.Ordinal)))
            .Select(r => r.Name)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        var duration = requestedDuration ?? calendar.Durations.For(type);
        return new SlotRequest(releaseId, environment, service, tier, type, duration, notBefore, resources, overrideFreezes);
    }
}
