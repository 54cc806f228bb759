using System.Text.Json;
using ReleasePolicy.Policy;
using ReleasePolicy.Readiness;
using static ReleasePolicy.Core.Tests.TestData;

namespace ReleasePolicy.Core.Tests.Readiness;

/// <summary>RP-10: after the policy's number of emergencies in its window, a service's next release needs an RCA.</summary>
public class RootCauseAnalysisGateTests
{
    private static readonly RootCauseAnalysisEvidence Rca = new("INC-123", "https://itsm.contoso.example/INC-123");

    private static ReadinessDecision EvaluateWith(int recentEmergencies, RootCauseAnalysisEvidence? rca = null, PolicyDocument? policy = null) =>
        Evaluate(Request(GoodEvidence with { RootCauseAnalysis = rca }) with { RecentEmergencies = recentEmergencies }, policy);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Evaluate_FewerEmergenciesThanThePolicysLimit_WaivesTheGate(int recent)
    {
        var decision = EvaluateWith(recent);

        var gate = decision.Gate(GateNames.RootCauseAnalysis);
        Assert.Equal(GateOutcome.Waived, gate.Outcome);
        Assert.Contains($"{recent} emergency release", gate.Reason, StringComparison.Ordinal);
        Assert.Equal(ReadinessVerdict.Ready, decision.Verdict);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(7)]
    public void Evaluate_RepeatedEmergenciesWithoutRca_Rejects(int recent)
    {
        var decision = EvaluateWith(recent);

        var gate = decision.Gate(GateNames.RootCauseAnalysis);
        Assert.Equal(GateOutcome.Fail, gate.Outcome);
        Assert.Equal(ReadinessVerdict.Rejected, decision.Verdict);
        var reason = Assert.Single(decision.Reasons);
        Assert.Equal(gate.Reason, reason);
        Assert.Contains($"{recent} emergency releases in the last 30 days of payments-api", reason, StringComparison.Ordinal);
        Assert.Contains("rootCauseAnalysis.reference", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_RepeatedEmergenciesWithRca_Passes()
    {
        var decision = EvaluateWith(2, Rca);

        var gate = decision.Gate(GateNames.RootCauseAnalysis);
        Assert.Equal(GateOutcome.Pass, gate.Outcome);
        Assert.Contains("INC-123", gate.Reason, StringComparison.Ordinal);
        Assert.Equal(ReadinessVerdict.Ready, decision.Verdict);
    }

    [Fact]
    public void Evaluate_BlankRcaReference_DoesNotCount()
    {
        var decision = EvaluateWith(2, new RootCauseAnalysisEvidence("  ", "https://itsm.contoso.example/x"));

        Assert.Equal(GateOutcome.Fail, decision.Gate(GateNames.RootCauseAnalysis).Outcome);
    }

    [Fact]
    public void Evaluate_NegativeCount_IsTreatedAsNone()
    {
        var gate = EvaluateWith(-5).Gate(GateNames.RootCauseAnalysis);

        Assert.Equal(GateOutcome.Waived, gate.Outcome);
        Assert.Contains("0 emergency releases", gate.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_PolicyWithoutEmergencyPath_WaivesTheGate()
    {
        var sample = SamplePolicy.Load();
        var policy = sample with { Approvals = sample.Approvals with { Emergency = null } };

        var gate = EvaluateWith(50, policy: policy).Gate(GateNames.RootCauseAnalysis);

        Assert.Equal(GateOutcome.Waived, gate.Outcome);
        Assert.Contains("approvals.emergency", gate.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RootCauseAnalysisEvidence_IsRead()
    {
        using var json = JsonDocument.Parse("""{"rootCauseAnalysis":{"reference":"INC-123","url":"https://itsm/INC-123","owner":"bob"}}""");

        var result = ReleaseEvidenceParser.Parse(json.RootElement);

        Assert.Empty(result.Errors);
        Assert.Equal(new RootCauseAnalysisEvidence("INC-123", "https://itsm/INC-123"), result.Evidence.RootCauseAnalysis);
        Assert.Equal("bob", result.Evidence.Extra!["rootCauseAnalysis.owner"].GetString());
    }

    [Theory]
    [InlineData("""{"rootCauseAnalysis":"INC-123"}""", "evidence.rootCauseAnalysis")]
    [InlineData("""{"rootCauseAnalysis":{"reference":123}}""", "evidence.rootCauseAnalysis.reference")]
    [InlineData("""{"rootCauseAnalysis":{"url":false}}""", "evidence.rootCauseAnalysis.url")]
    public void Parse_MalformedRootCauseAnalysis_NamesTheField(string evidence, string field)
    {
        using var json = JsonDocument.Parse(evidence);

        var result = ReleaseEvidenceParser.Parse(json.RootElement);

        Assert.Equal(field, Assert.Single(result.Errors).Field);
        Assert.Null(result.Evidence.RootCauseAnalysis?.Reference);
    }
}
