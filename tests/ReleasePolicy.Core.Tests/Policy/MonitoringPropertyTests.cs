using CsCheck;
using ReleasePolicy.Policy;
using ReleasePolicy.Testing;

namespace ReleasePolicy.Core.Tests.Policy;

/// <summary>Random profile fields: the parser reports, never throws, and a monitoring policy it accepts is coherent.</summary>
public sealed class MonitoringPropertyTests
{
    // Per field, mostly plausible values with the mistakes the rules exist for, so that some sections are valid.
    private static readonly Gen<string> ProfileGen = Gen.Select(
        Gen.OneOf("", "", "environments: [production], ", "environments: [dev], ", "tiers: [tier-0], ", "releaseTypes: [emergency], "),
        Gen.OneOf("PT30M", "PT30M", "PT5M", "PT0S", "soon"),
        Gen.OneOf("PT5M", "PT5M", "PT30M", "PT1H", "~"),
        Gen.OneOf("", "errorRate: { abovePercent: 2, consecutive: 3 }, ", "errorRate: { abovePercent: 0, consecutive: 1 }, ", "errorRate: { abovePercent: 200, consecutive: 3 }, ", "errorRate: { abovePercent: 2, consecutive: 0 }, "),
        Gen.OneOf("", "p95LatencyMs: { above: 800, consecutive: 2 }, ", "p95LatencyMs: { above: 0, consecutive: 2 }, "),
        Gen.OneOf("", "failedHealthChecks: 1, ", "failedHealthChecks: 3, ", "failedHealthChecks: 0, "),
        Gen.OneOf("", "alertSeverities: [Sev1], ", "alertSeverities: [Sev0, Sev1], ", "alertSeverities: [], ", "alertSeverities: [Sev9], "),
        (filters, bake, gap, errorRate, latency, checks, alerts) =>
            $"{{ {filters}{errorRate}{latency}{checks}{alerts}bakeTime: {bake}, maxSampleGap: {gap} }}");

    [Fact]
    public void Parse_RandomProfiles_NeverThrowAndAcceptedSectionsAreCoherent()
    {
        var valid = 0;
        ProfileGen.Array[1, 3].Sample(
            profiles =>
            {
                // Names are given here so that duplicates do not drown every other mistake.
                string list = string.Concat(profiles.Select((p, i) => $"    - {{ name: p{i}, " + p[2..] + "\n"));
                string text = TestPolicies.WithMonitoring(MonitoringText.Section(profiles: list));

                PolicyParseResult result = PolicyParser.Parse(text);

                Assert.Equal(result.Document is null, result.Errors.Count > 0);
                Assert.All(result.Errors, e => Assert.StartsWith("monitoring.profiles", e.Path, StringComparison.Ordinal));
                if (result.Document?.Monitoring is { } monitoring)
                {
                    Assert.Contains(monitoring.Profiles, p => p.Specificity == 0);
                    foreach (HealthProfile profile in monitoring.Profiles)
                    {
                        Assert.True(profile.MaxSampleGap > TimeSpan.Zero && profile.MaxSampleGap <= profile.BakeTime);
                        HealthThresholds rules = profile.Thresholds;
                        Assert.True(rules.ErrorRatePercent is not null || rules.P95LatencyMs is not null || rules.FailedHealthChecks is not null || rules.AlertSeverities.Count > 0);
                        Assert.True(rules.ErrorRatePercent is null or { Above: >= 0 and <= 100, Consecutive: >= 1 });
                        Assert.True(rules.P95LatencyMs is null or { Above: > 0, Consecutive: >= 1 });
                        Assert.True(rules.FailedHealthChecks is null or >= 1);
                        Assert.All(profile.Environments, e => Assert.Contains(e, monitoring.Environments));
                    }

                    // Every release to a watched environment has a profile.
                    Assert.NotNull(monitoring.ProfileFor("staging", "tier-3", ReleaseType.Minor));
                }

                valid += result.IsValid ? 1 : 0;
            },
            iter: 1_000,
            threads: 1);

        // Otherwise the coherence checks above would never run.
        Assert.InRange(valid, 1, 999);
    }
}
