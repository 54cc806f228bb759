using System.Text.Json.Serialization;
using ReleasePolicy.Risk;

namespace ReleasePolicy.Policy;

public sealed record PolicyScope(
    IReadOnlyList<GovernedService> Services,
    IReadOnlyList<GovernedEnvironment> Environments,
    OutOfScopeBehaviour OutOfScope);

/// <summary>
/// A service under governance. <paramref name="DependentsCount"/> is authoritative for risk; <paramref name="Dependents"/>
/// lists names when the policy gives them (then the count equals the list length).
/// </summary>
public sealed record GovernedService(
    string Name,
    CriticalityTier Tier,
    bool HighTraffic,
    int DependentsCount,
    IReadOnlyList<string> Dependents);

public sealed record GovernedEnvironment(string Name, bool Production);

/// <summary>What happens to a release for a service or environment the policy does not list.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OutOfScopeBehaviour>))]
public enum OutOfScopeBehaviour
{
    /// <summary>Refuse the release: nothing ships without governance.</summary>
    Reject,

    /// <summary>Let it through, recorded as ungoverned, so teams outside the programme are not blocked.</summary>
    PassThrough,
}
