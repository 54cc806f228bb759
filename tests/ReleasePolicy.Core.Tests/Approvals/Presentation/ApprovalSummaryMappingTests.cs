using ReleasePolicy.Approvals.Presentation;
using ReleasePolicy.Policy;
using ReleasePolicy.Readiness;

namespace ReleasePolicy.Core.Tests.Approvals.Presentation;

public class ApprovalSummaryMappingTests
{
    private static readonly ApprovalChain Chain = new(
        "oversight.cab",
        [
            new ApprovalTier("cab", ["cab"], [], 2, new TierSla([], null, null), new TierTimeout(TimeSpan.FromDays(2), TimeoutOutcome.Reject, null)),
            new ApprovalTier("senior", [], ["victor"], 1, new TierSla([], null, null), new TierTimeout(TimeSpan.FromDays(1), TimeoutOutcome.Reject, null)),
        ],
        DistinctApproversAcrossTiers: true);

    [Fact]
    public void FromReadiness_SampleRelease_CarriesRiskGatesRollbackAndTier()
    {
        var decision = TestData.Evaluate(TestData.Request());

        var summary = ApprovalSummaryMapping.FromReadiness(
            "rel-1", "alice", "Fix rounding", decision, TestData.GoodEvidence, Chain, 1, [], TestData.Now.AddDays(1));

        Assert.Equal(("payments-api", "1.4.0", "production", "major"), (summary.Service, summary.Version, summary.Environment, summary.ReleaseType));
        Assert.Equal(decision.RiskAssessment!.Score, summary.Risk!.Score);
        Assert.Equal(decision.RiskAssessment.Level.ToString().ToLowerInvariant(), summary.Risk.Level);
        Assert.Equal(decision.RiskAssessment.Factors.Select(f => (f.Name, f.Contribution, f.Observed)), summary.Risk.Factors.Select(f => (f.Name, f.Points, f.Reason)));
        Assert.Equal(decision.Gates.Select(g => (g.Name, g.Reason)), summary.Gates.Select(g => (g.Name, g.Reason)));
        Assert.All(summary.Gates, g => Assert.Contains(g.Outcome, new[] { "pass", "fail", "waived" }));
        Assert.Equal(new SummaryTier("oversight.cab", "senior", 1, 2, 1), summary.Tier);
        Assert.StartsWith("Procedure RB-42; rehearsed in staging on ", summary.Rollback!.Text, StringComparison.Ordinal);
        Assert.Equal(new Uri("https://runbooks/payments"), summary.Rollback.Link);
    }

    [Fact]
    public void Rollback_NoRollbackOrRunbook_IsNull()
    {
        Assert.Null(ApprovalSummaryMapping.Rollback(ReleaseEvidence.Empty));
    }

    [Fact]
    public void Rollback_RunbookNotAWebLink_KeepsTextDropsLink()
    {
        var evidence = ReleaseEvidence.Empty with
        {
            Rollback = new RollbackEvidence("RB-7", null, null),
            Runbook = new RunbookEvidence("javascript:alert(1)", null),
        };

        Assert.Equal(new RollbackPlan("Procedure RB-7", null), ApprovalSummaryMapping.Rollback(evidence));
    }

    [Fact]
    public void Tier_IndexOutsideChain_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ApprovalSummaryMapping.Tier(Chain, 2));
    }
}
