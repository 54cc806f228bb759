using ReleasePolicy.Policy;
using ReleasePolicy.Risk;

namespace ReleasePolicy.Core.Tests.Policy;

/// <summary>
/// <see cref="MonitoringPolicy.ProfileFor"/>: among the profiles whose filters all match, a release type filter outweighs
/// a tier filter, which outweighs an environment filter; the first listed wins a tie; unwatched environments get none.
/// </summary>
public sealed class MonitoringProfileSelectionTests
{
    private static readonly HealthThresholds Rules = new(null, null, 1, []);

    private static HealthProfile Profile(string name, string[]? environments = null, string[]? tiers = null, ReleaseType[]? types = null) =>
        new(name, environments ?? [], tiers ?? [], types ?? [], TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(5), Rules);

    private static MonitoringPolicy Policy(params HealthProfile[] profiles) =>
        new(["staging", "production"], TimeSpan.FromHours(1), TimeSpan.FromDays(1), profiles, [], DeploymentNotify.None, IncidentRules.None);

    [Fact]
    public void ProfileFor_OnlyTheCatchAllApplies_ReturnsIt()
    {
        MonitoringPolicy policy = Policy(Profile("standard"), Profile("t0", tiers: ["tier-0"]));

        Assert.Equal("standard", policy.ProfileFor("production", "tier-2", ReleaseType.Minor)?.Name);
    }

    [Fact]
    public void ProfileFor_EnvironmentFilter_BeatsCatchAll_WhateverTheOrder()
    {
        MonitoringPolicy policy = Policy(Profile("prod", environments: ["production"]), Profile("standard"));

        Assert.Equal("prod", policy.ProfileFor("production", "tier-2", ReleaseType.Minor)?.Name);
        Assert.Equal("standard", policy.ProfileFor("staging", "tier-2", ReleaseType.Minor)?.Name);
    }

    [Fact]
    public void ProfileFor_TierFilter_BeatsEnvironmentFilter()
    {
        MonitoringPolicy policy = Policy(Profile("standard"), Profile("prod", environments: ["production"]), Profile("t0", tiers: ["tier-0"]));

        Assert.Equal("t0", policy.ProfileFor("production", "tier-0", ReleaseType.Minor)?.Name);
    }

    [Fact]
    public void ProfileFor_ReleaseTypeFilter_BeatsTierAndEnvironmentTogether()
    {
        MonitoringPolicy policy = Policy(
            Profile("standard"),
            Profile("emergency", types: [ReleaseType.Emergency]),
            Profile("t0-prod", environments: ["production"], tiers: ["tier-0"]));

        Assert.Equal("emergency", policy.ProfileFor("production", "tier-0", ReleaseType.Emergency)?.Name);
        Assert.Equal("t0-prod", policy.ProfileFor("production", "tier-0", ReleaseType.Major)?.Name);
    }

    [Fact]
    public void ProfileFor_TierAndEnvironment_BeatTierAlone()
    {
        MonitoringPolicy policy = Policy(Profile("standard"), Profile("t0", tiers: ["tier-0"]), Profile("t0-prod", environments: ["production"], tiers: ["tier-0"]));

        Assert.Equal("t0-prod", policy.ProfileFor("production", "tier-0", ReleaseType.Patch)?.Name);
        Assert.Equal("t0", policy.ProfileFor("staging", "tier-0", ReleaseType.Patch)?.Name);
    }

    [Fact]
    public void ProfileFor_EqualSpecificity_FirstListedWins()
    {
        MonitoringPolicy policy = Policy(
            Profile("standard"),
            Profile("critical-tiers", tiers: ["tier-0", "tier-1"]),
            Profile("t0", tiers: ["tier-0"]));

        Assert.Equal("critical-tiers", policy.ProfileFor("production", "tier-0", ReleaseType.Minor)?.Name);
    }

    [Fact]
    public void ProfileFor_AFilterThatDoesNotMatch_ExcludesTheProfile()
    {
        MonitoringPolicy policy = Policy(
            Profile("standard"),
            Profile("t0-staging", environments: ["staging"], tiers: ["tier-0"]),
            Profile("major", tiers: ["tier-1"], types: [ReleaseType.Major]));

        Assert.Equal("standard", policy.ProfileFor("production", "tier-0", ReleaseType.Major)?.Name);
    }

    [Fact]
    public void ProfileFor_UnwatchedEnvironment_IsNull()
    {
        MonitoringPolicy policy = Policy(Profile("standard"), Profile("dev", environments: ["dev"]));

        Assert.Null(policy.ProfileFor("dev", "tier-2", ReleaseType.Minor));
    }

    [Fact]
    public void ProfileFor_NamesCompareExactly()
    {
        MonitoringPolicy policy = Policy(Profile("standard"), Profile("t0", tiers: ["tier-0"]));

        Assert.Null(policy.ProfileFor("Production", "tier-0", ReleaseType.Minor));
        Assert.Equal("standard", policy.ProfileFor("production", "TIER-0", ReleaseType.Minor)?.Name);
    }

    [Theory]
    [InlineData("payments-api", "production", ReleaseType.Major, "tier-0")]
    [InlineData("payments-api", "production", ReleaseType.Emergency, "emergency")]
    [InlineData("payments-api", "staging", ReleaseType.Major, "pre-production")]
    [InlineData("orders-api", "production", ReleaseType.Minor, "standard")]
    [InlineData("internal-docs", "staging", ReleaseType.Patch, "pre-production")]
    [InlineData("internal-docs", "staging", ReleaseType.Emergency, "emergency")]
    public void ProfileFor_Sample_PicksTheProfileTheSampleDescribes(string service, string environment, ReleaseType type, string expected)
    {
        PolicyDocument sample = SamplePolicy.Load();
        string tier = sample.Scope.Services.Single(s => s.Name == service).Tier.ToPolicyName();

        Assert.Equal(expected, sample.Monitoring.ProfileFor(environment, tier, type)?.Name);
    }

    [Fact]
    public void ProfileFor_Sample_DevIsNotWatched()
    {
        Assert.Null(SamplePolicy.Load().Monitoring.ProfileFor("dev", "tier-0", ReleaseType.Major));
    }
}
