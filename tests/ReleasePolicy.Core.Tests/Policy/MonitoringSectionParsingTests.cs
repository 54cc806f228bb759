using System.Text.Json;
using ReleasePolicy.Policy;
using ReleasePolicy.Testing;
using static ReleasePolicy.Core.Tests.Policy.PolicyText;

namespace ReleasePolicy.Core.Tests.Policy;

/// <summary>The <c>monitoring</c> section as the sample ships it, its defaults, and what makes it absent.</summary>
public sealed class MonitoringSectionParsingTests
{
    [Fact]
    public void Parse_Sample_ReadsWatchedEnvironmentsTimingsNotifyAndIncidents()
    {
        MonitoringPolicy monitoring = SamplePolicy.Load().Monitoring;

        Assert.True(monitoring.Governed);
        Assert.Equal(["staging", "production"], monitoring.Environments);
        Assert.Equal(TimeSpan.FromHours(1), monitoring.StartTimeout);
        Assert.Equal(TimeSpan.FromDays(1), monitoring.RollbackWaitLimit);
        Assert.Equal(["customer-support"], monitoring.Notify.Support);
        Assert.Equal(["incident-commanders"], monitoring.Notify.Escalation);
        Assert.True(monitoring.Incidents.RootCauseAnalysisRequired);
        Assert.Equal([ReleaseType.Emergency], monitoring.Incidents.ExemptReleaseTypes);
        Assert.True(monitoring.Watches("production"));
        Assert.False(monitoring.Watches("dev"));
    }

    [Fact]
    public void Parse_Sample_ReadsProfilesWithTheirFiltersAndRules()
    {
        MonitoringPolicy monitoring = SamplePolicy.Load().Monitoring;

        Assert.Equal(["standard", "tier-0", "pre-production", "emergency"], monitoring.Profiles.Select(p => p.Name));
        HealthProfile standard = monitoring.Profiles[0];
        Assert.Equal(0, standard.Specificity);
        Assert.Equal((TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(5)), (standard.BakeTime, standard.MaxSampleGap));
        Assert.Equal(new ConsecutiveLimit(2, 3), standard.Thresholds.ErrorRatePercent);
        Assert.Equal(new ConsecutiveLimit(1500, 3), standard.Thresholds.P95LatencyMs);
        Assert.Equal(3, standard.Thresholds.FailedHealthChecks);
        Assert.Equal(["Sev0", "Sev1"], standard.Thresholds.AlertSeverities);

        HealthProfile tier0 = monitoring.Profiles[1];
        Assert.Equal(["production"], tier0.Environments);
        Assert.Equal(["tier-0"], tier0.Tiers);
        Assert.Equal((TimeSpan.FromMinutes(60), TimeSpan.FromMinutes(2)), (tier0.BakeTime, tier0.MaxSampleGap));
        Assert.Equal(new ConsecutiveLimit(1, 2), tier0.Thresholds.ErrorRatePercent);
        Assert.Equal(new ConsecutiveLimit(800, 2), tier0.Thresholds.P95LatencyMs);
        Assert.Equal(1, tier0.Thresholds.FailedHealthChecks);

        HealthProfile staging = monitoring.Profiles[2];
        Assert.Equal(["staging"], staging.Environments);
        Assert.Equal(TimeSpan.FromMinutes(5), staging.BakeTime);
        Assert.Null(staging.Thresholds.P95LatencyMs);
        Assert.Equal([ReleaseType.Emergency], monitoring.Profiles[3].ReleaseTypes);
    }

    [Fact]
    public void Parse_Sample_ReadsAlertMappings()
    {
        IReadOnlyList<AlertMapping> alerts = SamplePolicy.Load().Monitoring.Alerts;

        Assert.Equal([("payments-api", "production"), ("orders-api", "production"), ("payments-api", "staging")], alerts.Select(a => (a.Service, a.Environment)));
        Assert.Equal(["app-payments-prod"], alerts[0].ConfigurationItems);
        Assert.EndsWith("/providers/Microsoft.Web/sites/app-payments-prod", Assert.Single(alerts[0].TargetResourceIds), StringComparison.Ordinal);
        Assert.Empty(alerts[0].CustomProperties);
        Assert.Equal(new Dictionary<string, string> { ["service"] = "orders", ["environment"] = "prod" }, alerts[1].CustomProperties);
        Assert.Empty(alerts[2].TargetResourceIds);
    }

    [Fact]
    public void Parse_Sample_HasMonitoringControlWithItsClauses()
    {
        ComplianceControl control = Assert.Single(SamplePolicy.Load().Controls, c => c.Id == "RP-14");

        Assert.Equal(ControlKind.ApprovalRule, control.Kind);
        Assert.Equal("monitoring", control.AppliesTo);
        Assert.Contains(new FrameworkReference(ComplianceFramework.Nist80053, "SI-4"), control.Frameworks);
        Assert.Contains(new FrameworkReference(ComplianceFramework.Nist80053, "CP-10"), control.Frameworks);
        Assert.Contains(new FrameworkReference(ComplianceFramework.Nist80053, "IR-4"), control.Frameworks);
        Assert.Contains(new FrameworkReference(ComplianceFramework.Iso27001, "A.8.16"), control.Frameworks);
        Assert.Contains(new FrameworkReference(ComplianceFramework.Iso27001, "A.5.26"), control.Frameworks);
        Assert.Contains(control.Frameworks, f => f.Framework == ComplianceFramework.Sox && f.Clause.StartsWith("ITGC CM-4", StringComparison.Ordinal));
    }

    [Fact]
    public void SampleMonitoring_IsTheSectionBeforeTheCalendar_AndParsesOnItsOwn()
    {
        string section = TestPolicies.SampleMonitoring;

        Assert.StartsWith("# --- Monitoring", section, StringComparison.Ordinal);
        Assert.DoesNotContain("calendar:", section, StringComparison.Ordinal);
        Assert.Equal(SamplePolicy.Load().Monitoring.Profiles.Count, Valid(TestPolicies.WithMonitoring(section)).Monitoring.Profiles.Count);
    }

    [Fact]
    public void Parse_WithoutMonitoringSection_IsUnmonitored()
    {
        PolicyDocument policy = Valid(TestPolicies.SampleWithoutCalendar);

        Assert.Same(MonitoringPolicy.Unmonitored, policy.Monitoring);
        Assert.False(policy.Monitoring.Watches("production"));
        Assert.Null(policy.Monitoring.ProfileFor("production", "tier-0", ReleaseType.Major));
    }

    [Fact]
    public void Parse_MinimalSection_DefaultsNotifyIncidentsAndAlerts()
    {
        MonitoringPolicy monitoring = Valid(TestPolicies.WithMonitoring(MonitoringText.Section())).Monitoring;

        Assert.True(monitoring.Governed);
        Assert.Empty(monitoring.Notify.Support);
        Assert.Empty(monitoring.Notify.Escalation);
        Assert.True(monitoring.Incidents.RootCauseAnalysisRequired);
        Assert.Empty(monitoring.Incidents.ExemptReleaseTypes);
        Assert.Empty(monitoring.Alerts);
        HealthProfile profile = Assert.Single(monitoring.Profiles);
        Assert.Null(profile.Thresholds.ErrorRatePercent);
        Assert.Null(profile.Thresholds.P95LatencyMs);
        Assert.Equal(3, profile.Thresholds.FailedHealthChecks);
        Assert.Empty(profile.Thresholds.AlertSeverities);
    }

    [Fact]
    public void Parse_EmptyNotifyListsAndRcaNotRequired_AreAccepted()
    {
        string text = TestPolicies.WithMonitoring(MonitoringText.Section(
            extra: "  notify: { support: [], escalation: [] }\n  incidents: { rootCauseAnalysisRequired: false }\n"));

        MonitoringPolicy monitoring = Valid(text).Monitoring;

        Assert.Empty(monitoring.Notify.Support);
        Assert.False(monitoring.Incidents.RootCauseAnalysisRequired);
    }

    [Fact]
    public void Parse_ZeroErrorRateLimitAndOneSampleRun_AreAccepted()
    {
        string text = TestPolicies.WithMonitoring(MonitoringText.Section(
            profiles: "    - { name: strict, bakeTime: PT5M, maxSampleGap: PT5M, errorRate: { abovePercent: 0, consecutive: 1 } }\n"));

        HealthProfile profile = Assert.Single(Valid(text).Monitoring.Profiles);

        Assert.Equal(new ConsecutiveLimit(0, 1), profile.Thresholds.ErrorRatePercent);
        Assert.Equal(profile.BakeTime, profile.MaxSampleGap);
    }

    [Fact]
    public void Parse_WithoutDirectory_DoesNotCheckNotifyNames()
    {
        string withoutDirectory = RemoveBetween(TestPolicies.SampleWithoutCalendar, "# --- Directory", "# --- Compliance controls");
        string text = withoutDirectory + MonitoringText.Section(extra: "  notify: { support: [anyone-at-all] }\n");

        Assert.Equal(["anyone-at-all"], Valid(text).Monitoring.Notify.Support);
    }

    [Fact]
    public void Parse_MonitoringPolicy_RoundTripsThroughSystemTextJson()
    {
        MonitoringPolicy monitoring = SamplePolicy.Load().Monitoring;

        string json = JsonSerializer.Serialize(monitoring);
        MonitoringPolicy back = JsonSerializer.Deserialize<MonitoringPolicy>(json)!;

        Assert.Equal(json, JsonSerializer.Serialize(back));
        Assert.Equal("tier-0", back.ProfileFor("production", "tier-0", ReleaseType.Minor)!.Name);
        Assert.Equal(monitoring.Alerts[1].CustomProperties, back.Alerts[1].CustomProperties);
    }
}
