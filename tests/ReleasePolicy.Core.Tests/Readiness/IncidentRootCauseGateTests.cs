using ReleasePolicy.Policy;
using ReleasePolicy.Readiness;
using static ReleasePolicy.Core.Tests.TestData;

namespace ReleasePolicy.Core.Tests.Readiness;

/// <summary>After a rollback, the incident's root-cause analysis is owed before the service's next release passes readiness.</summary>
public class IncidentRootCauseGateTests
{
    private static readonly IncidentRules Required = new(RootCauseAnalysisRequired: true, ExemptReleaseTypes: [ReleaseType.Emergency]);

    private static PolicyDocument Monitored(IncidentRules rules) => TestData.Policy with
    {
        Monitoring = new MonitoringPolicy(
            ["production"],
            TimeSpan.FromMinutes(30),
            TimeSpan.FromHours(2),
            [new HealthProfile("default", [], [], [], TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(5), new HealthThresholds(null, null, null, []))],
            [],
            DeploymentNotify.None,
            rules),
    };

    private static ReadinessDecision EvaluateWith(IReadOnlyList<string> owed, PolicyDocument policy, string releaseType = "major") =>
        Evaluate(Request(releaseType: releaseType) with { OwedRootCauseIncidents = owed }, policy);

    [Fact]
    public void Evaluate_IncidentOwesAnalysis_RejectsNamingTheIncidentAndTheRoute()
    {
        var decision = EvaluateWith(["inc-rel-1"], Monitored(Required));

        var gate = decision.Gate(GateNames.IncidentRootCause);
        Assert.Equal(GateOutcome.Fail, gate.Outcome);
        Assert.Equal(ReadinessVerdict.Rejected, decision.Verdict);
        string reason = Assert.Single(decision.Reasons);
        Assert.Equal(gate.Reason, reason);
        Assert.Contains("incident inc-rel-1 of payments-api in production owes a root-cause analysis", reason, StringComparison.Ordinal);
        Assert.Contains("POST /api/incidents/inc-rel-1/rca", reason, StringComparison.Ordinal);
        Assert.Equal("1 incident owing a root-cause analysis", gate.Measured);
    }

    [Fact]
    public void Evaluate_SeveralIncidentsOwe_NamesEveryOneAndCountsThem()
    {
        var gate = EvaluateWith(["inc-rel-1", "inc-rel-2"], Monitored(Required)).Gate(GateNames.IncidentRootCause);

        Assert.Equal(GateOutcome.Fail, gate.Outcome);
        Assert.Contains("2 incidents of payments-api in production owe a root-cause analysis (inc-rel-1, inc-rel-2)", gate.Reason, StringComparison.Ordinal);
        Assert.Contains("POST /api/incidents/inc-rel-2/rca", gate.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ManyIncidentsOwe_ReasonStaysBoundedButCountIsExact()
    {
        string[] owed = Enumerable.Range(1, 25).Select(i => $"inc-rel-{i:D2}").ToArray();

        var gate = EvaluateWith(owed, Monitored(Required)).Gate(GateNames.IncidentRootCause);

        Assert.Equal(GateOutcome.Fail, gate.Outcome);
        Assert.Contains("25 incidents", gate.Reason, StringComparison.Ordinal);
        Assert.Contains("and 15 more", gate.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("inc-rel-11", gate.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NoIncidentOwes_Passes()
    {
        var decision = EvaluateWith([], Monitored(Required));

        var gate = decision.Gate(GateNames.IncidentRootCause);
        Assert.Equal(GateOutcome.Pass, gate.Outcome);
        Assert.Equal(ReadinessVerdict.Ready, decision.Verdict);
        Assert.Contains("no incident of payments-api in production", gate.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ExemptReleaseType_WaivesNamingWhatIsOwed()
    {
        var decision = EvaluateWith(["inc-rel-1"], Monitored(Required), releaseType: "emergency");

        var gate = decision.Gate(GateNames.IncidentRootCause);
        Assert.Equal(GateOutcome.Waived, gate.Outcome);
        Assert.Contains("emergency releases are exempt (monitoring.incidents.exemptReleaseTypes)", gate.Reason, StringComparison.Ordinal);
        Assert.Contains("inc-rel-1", gate.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(decision.Reasons, r => r.Contains("inc-rel-1", StringComparison.Ordinal));
    }

    [Fact]
    public void Evaluate_AnalysisNotRequired_WaivesNamingWhatIsOwed()
    {
        var decision = EvaluateWith(["inc-rel-1"], Monitored(new IncidentRules(false, [])));

        var gate = decision.Gate(GateNames.IncidentRootCause);
        Assert.Equal(GateOutcome.Waived, gate.Outcome);
        Assert.Contains("rootCauseAnalysisRequired: false", gate.Reason, StringComparison.Ordinal);
        Assert.Contains("inc-rel-1", gate.Reason, StringComparison.Ordinal);
        Assert.Equal(ReadinessVerdict.Ready, decision.Verdict);
    }

    [Fact]
    public void Evaluate_NoMonitoringSection_Waives()
    {
        var policy = TestData.Policy with { Monitoring = MonitoringPolicy.Unmonitored };

        var gate = EvaluateWith(["inc-rel-1"], policy).Gate(GateNames.IncidentRootCause);

        Assert.Equal(GateOutcome.Waived, gate.Outcome);
        Assert.Contains("no monitoring section", gate.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NoOwedListGiven_CountsAsNone()
    {
        var gate = Evaluate(Request(), Monitored(Required)).Gate(GateNames.IncidentRootCause);

        Assert.Equal(GateOutcome.Pass, gate.Outcome);
    }

    [Fact]
    public void GateNames_IncidentRootCause_IsAddressableByAControl()
    {
        Assert.Contains(GateNames.IncidentRootCause, GateNames.All);
        Assert.Equal("incidentRootCause", GateNames.IncidentRootCause);
    }
}
