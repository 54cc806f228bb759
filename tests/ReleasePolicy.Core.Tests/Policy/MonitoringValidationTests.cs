using ReleasePolicy.Policy;
using ReleasePolicy.Testing;
using static ReleasePolicy.Core.Tests.Policy.MonitoringText;

namespace ReleasePolicy.Core.Tests.Policy;

/// <summary>
/// Every rule of the <c>monitoring</c> section refuses the policy with exactly one error, at the field's dotted path:
/// one mistake must not drag in a second, misleading one (a broken catch-all reported as missing, a broken rule as no rule).
/// </summary>
public sealed class MonitoringValidationTests
{
    [Theory]
    [InlineData("monitoring: []\n", "monitoring")]
    [InlineData("monitoring:\n  bogus: 1\n" + Settings + "  profiles:\n" + CatchAll, "monitoring.bogus")]
    [InlineData("monitoring:\n  startTimeout: PT1H\n  rollbackWaitLimit: P1D\n  profiles:\n" + CatchAll, "monitoring.environments")]
    [InlineData("monitoring:\n  environments: [production]\n  rollbackWaitLimit: P1D\n  profiles:\n" + CatchAll, "monitoring.startTimeout")]
    [InlineData("monitoring:\n  environments: [production]\n  startTimeout: PT1H\n  profiles:\n" + CatchAll, "monitoring.rollbackWaitLimit")]
    [InlineData("monitoring:\n" + Settings, "monitoring.profiles")]
    public void Parse_MalformedSection_NamesTheField(string section, string path)
    {
        OnlyError(TestPolicies.WithMonitoring(section), path);
    }

    [Theory]
    [InlineData("  environments: []\n  startTimeout: PT1H\n  rollbackWaitLimit: P1D\n", "monitoring.environments")]
    [InlineData("  environments: [qa]\n  startTimeout: PT1H\n  rollbackWaitLimit: P1D\n", "monitoring.environments[0]")]
    [InlineData("  environments: [Production]\n  startTimeout: PT1H\n  rollbackWaitLimit: P1D\n", "monitoring.environments[0]")]
    [InlineData("  environments: [staging, staging]\n  startTimeout: PT1H\n  rollbackWaitLimit: P1D\n", "monitoring.environments[1]")]
    [InlineData("  environments: { production: true }\n  startTimeout: PT1H\n  rollbackWaitLimit: P1D\n", "monitoring.environments")]
    [InlineData("  environments: [production]\n  startTimeout: PT0S\n  rollbackWaitLimit: P1D\n", "monitoring.startTimeout")]
    [InlineData("  environments: [production]\n  startTimeout: soon\n  rollbackWaitLimit: P1D\n", "monitoring.startTimeout")]
    [InlineData("  environments: [production]\n  startTimeout: -PT1H\n  rollbackWaitLimit: P1D\n", "monitoring.startTimeout")]
    [InlineData("  environments: [production]\n  startTimeout: PT1H\n  rollbackWaitLimit: PT0.5S\n", "monitoring.rollbackWaitLimit")]
    [InlineData("  environments: [production]\n  startTimeout: PT1H\n  rollbackWaitLimit: P1M\n", "monitoring.rollbackWaitLimit")]
    public void Parse_InvalidSetting_NamesTheField(string settings, string path)
    {
        OnlyError(TestPolicies.WithMonitoring(Section(settings: settings, profiles: "    - { name: standard, bakeTime: PT30M, maxSampleGap: PT5M, failedHealthChecks: 3 }\n")), path);
    }

    [Theory]
    [InlineData("  notify: { support: [customer-support, nobody] }\n", "monitoring.notify.support[1]")]
    [InlineData("  notify: { escalation: [incident-commanders, incident-commanders] }\n", "monitoring.notify.escalation[1]")]
    [InlineData("  notify: { escalation: [{ group: incident-commanders }] }\n", "monitoring.notify.escalation[0]")]
    [InlineData("  notify: { pager: [trent] }\n", "monitoring.notify.pager")]
    [InlineData("  notify: [trent]\n", "monitoring.notify")]
    [InlineData("  incidents: { rootCauseAnalysisRequired: maybe }\n", "monitoring.incidents.rootCauseAnalysisRequired")]
    [InlineData("  incidents: { exemptReleaseTypes: [emergency, hotfix] }\n", "monitoring.incidents.exemptReleaseTypes[1]")]
    [InlineData("  incidents: { waiver: true }\n", "monitoring.incidents.waiver")]
    public void Parse_InvalidNotifyOrIncidents_NamesTheField(string extra, string path)
    {
        OnlyError(TestPolicies.WithMonitoring(Section(extra: extra)), path);
    }

    [Theory]
    [InlineData("  profiles: []\n", "monitoring.profiles")]
    [InlineData("  profiles: { standard: {} }\n", "monitoring.profiles")]
    [InlineData("  profiles:\n    - { name: prod, environments: [production], bakeTime: PT30M, maxSampleGap: PT5M, failedHealthChecks: 3 }\n", "monitoring.profiles")]
    [InlineData("  profiles:\n    - { name: t0, tiers: [tier-0], bakeTime: PT30M, maxSampleGap: PT5M, failedHealthChecks: 3 }\n    - { name: em, releaseTypes: [emergency], bakeTime: PT30M, maxSampleGap: PT5M, failedHealthChecks: 3 }\n", "monitoring.profiles")]
    public void Parse_ProfilesWithoutACatchAll_AreRefused(string profiles, string path)
    {
        string section = "monitoring:\n" + Settings + profiles;

        OnlyError(TestPolicies.WithMonitoring(section), path);
    }

    [Theory]
    [InlineData("{ name: Standard, bakeTime: PT30M, maxSampleGap: PT5M, failedHealthChecks: 3 }", "monitoring.profiles[1].name")]
    [InlineData("{ name: \"tier 0\", tiers: [tier-0], bakeTime: PT30M, maxSampleGap: PT5M, failedHealthChecks: 3 }", "monitoring.profiles[1].name")]
    [InlineData("{ tiers: [tier-0], bakeTime: PT30M, maxSampleGap: PT5M, failedHealthChecks: 3 }", "monitoring.profiles[1].name")]
    [InlineData("{ name: p, environments: [dev], bakeTime: PT30M, maxSampleGap: PT5M, failedHealthChecks: 3 }", "monitoring.profiles[1].environments[0]")]
    [InlineData("{ name: p, environments: [production, qa], bakeTime: PT30M, maxSampleGap: PT5M, failedHealthChecks: 3 }", "monitoring.profiles[1].environments[1]")]
    [InlineData("{ name: p, tiers: [tier-9], bakeTime: PT30M, maxSampleGap: PT5M, failedHealthChecks: 3 }", "monitoring.profiles[1].tiers[0]")]
    [InlineData("{ name: p, tiers: [Tier-0], bakeTime: PT30M, maxSampleGap: PT5M, failedHealthChecks: 3 }", "monitoring.profiles[1].tiers[0]")]
    [InlineData("{ name: p, releaseTypes: [hotfix], bakeTime: PT30M, maxSampleGap: PT5M, failedHealthChecks: 3 }", "monitoring.profiles[1].releaseTypes[0]")]
    [InlineData("{ name: p, services: [payments-api], bakeTime: PT30M, maxSampleGap: PT5M, failedHealthChecks: 3 }", "monitoring.profiles[1].services")]
    [InlineData("{ name: p, tiers: [tier-0], maxSampleGap: PT5M, failedHealthChecks: 3 }", "monitoring.profiles[1].bakeTime")]
    [InlineData("{ name: p, tiers: [tier-0], bakeTime: PT0S, maxSampleGap: PT5M, failedHealthChecks: 3 }", "monitoring.profiles[1].bakeTime")]
    [InlineData("{ name: p, tiers: [tier-0], bakeTime: PT30M, failedHealthChecks: 3 }", "monitoring.profiles[1].maxSampleGap")]
    [InlineData("{ name: p, tiers: [tier-0], bakeTime: PT30M, maxSampleGap: PT31M, failedHealthChecks: 3 }", "monitoring.profiles[1].maxSampleGap")]
    [InlineData("{ name: p, tiers: [tier-0], bakeTime: PT30M, maxSampleGap: \"00:00:00\", failedHealthChecks: 3 }", "monitoring.profiles[1].maxSampleGap")]
    [InlineData("{ name: p, tiers: [tier-0], bakeTime: PT30M, maxSampleGap: PT5M, errorRate: { abovePercent: 101, consecutive: 3 } }", "monitoring.profiles[1].errorRate.abovePercent")]
    [InlineData("{ name: p, tiers: [tier-0], bakeTime: PT30M, maxSampleGap: PT5M, errorRate: { abovePercent: -0.5, consecutive: 3 } }", "monitoring.profiles[1].errorRate.abovePercent")]
    [InlineData("{ name: p, tiers: [tier-0], bakeTime: PT30M, maxSampleGap: PT5M, errorRate: { abovePercent: two, consecutive: 3 } }", "monitoring.profiles[1].errorRate.abovePercent")]
    [InlineData("{ name: p, tiers: [tier-0], bakeTime: PT30M, maxSampleGap: PT5M, errorRate: { abovePercent: 2, consecutive: 0 } }", "monitoring.profiles[1].errorRate.consecutive")]
    [InlineData("{ name: p, tiers: [tier-0], bakeTime: PT30M, maxSampleGap: PT5M, errorRate: { abovePercent: 2 } }", "monitoring.profiles[1].errorRate.consecutive")]
    [InlineData("{ name: p, tiers: [tier-0], bakeTime: PT30M, maxSampleGap: PT5M, errorRate: { abovePercent: 2, consecutive: 3, window: PT5M } }", "monitoring.profiles[1].errorRate.window")]
    [InlineData("{ name: p, tiers: [tier-0], bakeTime: PT30M, maxSampleGap: PT5M, errorRate: 2 }", "monitoring.profiles[1].errorRate")]
    [InlineData("{ name: p, tiers: [tier-0], bakeTime: PT30M, maxSampleGap: PT5M, p95LatencyMs: { above: 0, consecutive: 3 } }", "monitoring.profiles[1].p95LatencyMs.above")]
    [InlineData("{ name: p, tiers: [tier-0], bakeTime: PT30M, maxSampleGap: PT5M, p95LatencyMs: { above: 1500, consecutive: 1.5 } }", "monitoring.profiles[1].p95LatencyMs.consecutive")]
    [InlineData("{ name: p, tiers: [tier-0], bakeTime: PT30M, maxSampleGap: PT5M, p95LatencyMs: { consecutive: 3 } }", "monitoring.profiles[1].p95LatencyMs.above")]
    [InlineData("{ name: p, tiers: [tier-0], bakeTime: PT30M, maxSampleGap: PT5M, failedHealthChecks: 0 }", "monitoring.profiles[1].failedHealthChecks")]
    [InlineData("{ name: p, tiers: [tier-0], bakeTime: PT30M, maxSampleGap: PT5M, failedHealthChecks: many }", "monitoring.profiles[1].failedHealthChecks")]
    [InlineData("{ name: p, tiers: [tier-0], bakeTime: PT30M, maxSampleGap: PT5M, alertSeverities: [Sev1, Sev5] }", "monitoring.profiles[1].alertSeverities[1]")]
    [InlineData("{ name: p, tiers: [tier-0], bakeTime: PT30M, maxSampleGap: PT5M, alertSeverities: [sev1] }", "monitoring.profiles[1].alertSeverities[0]")]
    [InlineData("{ name: p, tiers: [tier-0], bakeTime: PT30M, maxSampleGap: PT5M, alertSeverities: [Sev1, Sev1] }", "monitoring.profiles[1].alertSeverities[1]")]
    [InlineData("{ name: p, tiers: [tier-0], bakeTime: PT30M, maxSampleGap: PT5M }", "monitoring.profiles[1]")]
    [InlineData("{ name: p, tiers: [tier-0], bakeTime: PT30M, maxSampleGap: PT5M, alertSeverities: [] }", "monitoring.profiles[1]")]
    [InlineData("{ name: p, tiers: [tier-0], bakeTime: PT30M, maxSampleGap: PT5M, errorRate: ~ }", "monitoring.profiles[1]")]
    public void Parse_InvalidProfile_NamesTheField(string profile, string path)
    {
        OnlyError(TestPolicies.WithMonitoring(WithProfile(profile)), path);
    }

    [Fact]
    public void Parse_DuplicateProfileName_IgnoringCase_IsRefused()
    {
        string text = TestPolicies.WithMonitoring(WithProfile("{ name: standard, tiers: [tier-0], bakeTime: PT30M, maxSampleGap: PT5M, failedHealthChecks: 1 }"));

        Assert.Contains("listed twice", OnlyError(text, "monitoring.profiles[1].name").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BrokenCatchAll_IsReportedForItsFault_NotAsMissing()
    {
        string text = TestPolicies.WithMonitoring(OnlyProfile("{ name: standard, bakeTime: PT30M, maxSampleGap: PT5M, errorRate: { abovePercent: 2, consecutive: 0 } }"));

        PolicyValidationError error = OnlyError(text, "monitoring.profiles[0].errorRate.consecutive");

        Assert.Contains("at least 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ProfileWithoutRules_SaysWhichRulesExist()
    {
        string text = TestPolicies.WithMonitoring(OnlyProfile("{ name: standard, bakeTime: PT30M, maxSampleGap: PT5M }"));

        PolicyValidationError error = OnlyError(text, "monitoring.profiles[0]");

        Assert.Contains("errorRate, p95LatencyMs, failedHealthChecks or alertSeverities", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_GapLongerThanBake_ReportsBothAndItsLine()
    {
        string text = TestPolicies.WithMonitoring(Section(profiles: "    - name: standard\n      bakeTime: PT10M\n      maxSampleGap: PT15M\n      failedHealthChecks: 1\n"));

        PolicyValidationError error = OnlyError(text, "monitoring.profiles[0].maxSampleGap");

        Assert.Equal(TestData.LineOf(text, "      maxSampleGap: PT15M"), error.Line);
        Assert.Contains("00:15:00", error.Message, StringComparison.Ordinal);
        Assert.Contains("00:10:00", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ service: shadow-api, environment: production, configurationItems: [app] }", "monitoring.alerts[0].service")]
    [InlineData("{ service: Payments-Api, environment: production, configurationItems: [app] }", "monitoring.alerts[0].service")]
    [InlineData("{ environment: production, configurationItems: [app] }", "monitoring.alerts[0].service")]
    [InlineData("{ service: payments-api, environment: qa, configurationItems: [app] }", "monitoring.alerts[0].environment")]
    [InlineData("{ service: payments-api, configurationItems: [app] }", "monitoring.alerts[0].environment")]
    [InlineData("{ service: payments-api, environment: production }", "monitoring.alerts[0]")]
    [InlineData("{ service: payments-api, environment: production, targetResourceIds: [], configurationItems: [], customProperties: {} }", "monitoring.alerts[0]")]
    [InlineData("{ service: payments-api, environment: production, targetResourceIds: [\"/subscriptions/s/sites/a\", \"/SUBSCRIPTIONS/S/SITES/A\"] }", "monitoring.alerts[0].targetResourceIds[1]")]
    [InlineData("{ service: payments-api, environment: production, targetResourceIds: [\"\"] }", "monitoring.alerts[0].targetResourceIds[0]")]
    [InlineData("{ service: payments-api, environment: production, configurationItems: [[app]] }", "monitoring.alerts[0].configurationItems[0]")]
    [InlineData("{ service: payments-api, environment: production, customProperties: { service: [payments] } }", "monitoring.alerts[0].customProperties.service")]
    [InlineData("{ service: payments-api, environment: production, customProperties: { service: ~ } }", "monitoring.alerts[0].customProperties.service")]
    [InlineData("{ service: payments-api, environment: production, customProperties: [service] }", "monitoring.alerts[0].customProperties")]
    [InlineData("{ service: payments-api, environment: production, configurationItems: [app], resourceGroup: rg }", "monitoring.alerts[0].resourceGroup")]
    public void Parse_InvalidAlertMapping_NamesTheField(string mapping, string path)
    {
        OnlyError(TestPolicies.WithMonitoring(Section(extra: "  alerts:\n    - " + mapping + "\n")), path);
    }

    [Fact]
    public void Parse_AlertsNotAList_IsRefused()
    {
        OnlyError(TestPolicies.WithMonitoring(Section(extra: "  alerts: { payments-api: production }\n")), "monitoring.alerts");
    }

    [Fact]
    public void Parse_OverlongResourceId_IsRefused()
    {
        string id = "/subscriptions/" + new string('a', PolicyParser.MaxAlertKeyLength);

        OnlyError(TestPolicies.WithMonitoring(Section(extra: $"  alerts:\n    - {{ service: payments-api, environment: production, targetResourceIds: [\"{id}\"] }}\n")), "monitoring.alerts[0].targetResourceIds[0]");
    }

    [Fact]
    public void Parse_CustomPropertyNumbersAndBooleans_AreReadAsWritten()
    {
        string text = TestPolicies.WithMonitoring(Section(extra: "  alerts:\n    - { service: payments-api, environment: production, customProperties: { tier: 0, paging: true } }\n"));

        AlertMapping mapping = Assert.Single(PolicyText.Valid(text).Monitoring.Alerts);

        Assert.Equal(new Dictionary<string, string> { ["tier"] = "0", ["paging"] = "true" }, mapping.CustomProperties);
    }

    /// <summary>The policy is refused with exactly one error, at <paramref name="path"/>.</summary>
    private static PolicyValidationError OnlyError(string text, string path)
    {
        PolicyParseResult result = PolicyParser.Parse(text);

        Assert.Null(result.Document);
        PolicyValidationError error = Assert.Single(result.Errors);
        Assert.True(error.Path == path, $"expected the error at {path}; got: {error}");
        return error;
    }
}
