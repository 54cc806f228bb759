using ReleasePolicy.Policy;

namespace ReleasePolicy.Calendar.Feeds;

/// <summary>
/// Which freezes a feed for an environment (and service) shows, with the calendar's scope rule: an empty scope list
/// matches everything, and a feed that does not name an environment, service or tier shows every freeze's scope.
/// </summary>
public static class FreezeScope
{
    public static bool Matches(FreezeRule rule, string? environment, string? service, string? tier)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return Matches(rule.Environments, environment) && Matches(rule.Services, service) && Matches(rule.Tiers, tier);
    }

    public static bool Matches(AdHocFreeze freeze, string? environment, string? service, string? tier)
    {
        ArgumentNullException.ThrowIfNull(freeze);
        return Matches(freeze.Environments, environment) && Matches(freeze.Services, service) && Matches(freeze.Tiers, tier);
    }

    private static bool Matches(IReadOnlyList<string> scope, string? value) =>
        scope.Count == 0 || value is null || scope.Contains(value, StringComparer.Ordinal);
}
