using System.Text.Json;
using ReleasePolicy.Policy;
using ReleasePolicy.Readiness;
using ReleasePolicy.Risk;
using static ReleasePolicy.Core.Tests.TestData;

namespace ReleasePolicy.Core.Tests.Readiness;

public class ReadinessEvaluatorTests
{
    private static ReadinessDecision EvaluateMajor(ReleaseEvidence evidence) => Evaluate(Request(evidence));

    [Fact]
    public void Evaluate_WellFormedEvidence_IsReady()
    {
        var decision = Evaluate(Request());

        Assert.True(decision.Governed);
        Assert.Equal(ReadinessVerdict.Ready, decision.Verdict);
        Assert.Empty(decision.Reasons);
        Assert.DoesNotContain(decision.Gates, g => g.Outcome == GateOutcome.Fail);
        Assert.Equal(53, decision.RiskAssessment!.Score);
        Assert.Equal(RiskLevel.High, decision.RiskAssessment.Level);
        Assert.Equal(ApprovalRoute.Cab, decision.Oversight!.Route);
        var tier = Assert.Single(decision.Oversight.Chain.Tiers);
        Assert.Equal("oversight.cab", decision.Oversight.Chain.Name);
        Assert.Equal(["change-advisory-board"], tier.Groups);
        Assert.Equal(3, tier.Quorum);
        Assert.False(decision.Oversight.AutoApproveAllowed);
        Assert.Null(decision.Oversight.AutoApproveRule);
        Assert.Equal("bob", decision.Ownership!.RollbackOwner);
        Assert.Equal(TimeSpan.FromHours(4), decision.Rto);
        Assert.False(decision.PostFactoReviewRequired);
        Assert.Equal("2026.11.1", decision.PolicyVersion);
    }

    [Theory]
    [InlineData(0.80, GateOutcome.Pass)]
    [InlineData(0.7999, GateOutcome.Fail)]
    [InlineData(1.0, GateOutcome.Pass)]
    [InlineData(0.0, GateOutcome.Fail)]
    [InlineData(null, GateOutcome.Fail)]
    public void Evaluate_Coverage_ComparedWithMinimum(double? coverage, GateOutcome expected)
    {
        var decision = EvaluateMajor(GoodEvidence with { TestCoverage = coverage });

        var gate = decision.Gate(GateNames.Coverage);
        Assert.Equal(expected, gate.Outcome);
        Assert.Equal(">= 0.8", gate.Threshold);
        Assert.Equal(expected == GateOutcome.Pass ? ReadinessVerdict.Ready : ReadinessVerdict.Rejected, decision.Verdict);
        if (coverage is null)
        {
            Assert.Contains("testCoverage", gate.Reason, StringComparison.Ordinal);
        }
    }

    [Theory]
    // Major limits: critical 0, high 0, medium 5, low 20.
    [InlineData(0, 0, 5, 20, null)]
    [InlineData(1, 0, 0, 0, GateNames.ScanCritical)]
    [InlineData(0, 1, 0, 0, GateNames.ScanHigh)]
    [InlineData(0, 0, 6, 0, GateNames.ScanMedium)]
    [InlineData(0, 0, 0, 21, GateNames.ScanLow)]
    public void Evaluate_ScanFindings_ComparedPerSeverity(int critical, int high, int medium, int low, string? failingGate)
    {
        var decision = EvaluateMajor(GoodEvidence with { ScanFindings = new ScanFindingsEvidence(critical, high, medium, low, null) });

        var failed = decision.Gates.Where(g => g.Outcome == GateOutcome.Fail).Select(g => g.Name).ToList();
        Assert.Equal(failingGate is null ? [] : [failingGate], failed);
    }

    [Fact]
    public void Evaluate_CriticalFinding_BlocksAndNamesFinding()
    {
        var findings = new ScanFinding[]
        {
            new("CVE-2026-1111", "openssl remote code execution", "critical"),
            new("CVE-2026-2222", "verbose error page", "low"),
        };

        var decision = EvaluateMajor(GoodEvidence with { ScanFindings = new ScanFindingsEvidence(1, 0, 0, 1, findings) });

        Assert.Equal(ReadinessVerdict.Rejected, decision.Verdict);
        var gate = decision.Gate(GateNames.ScanCritical);
        Assert.Equal(GateOutcome.Fail, gate.Outcome);
        Assert.Equal("1", gate.Measured);
        Assert.Contains("CVE-2026-1111 (openssl remote code execution)", gate.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("CVE-2026-2222", gate.Reason, StringComparison.Ordinal);
        Assert.Contains(gate.Reason, decision.Reasons);
    }

    [Fact]
    public void Evaluate_ListedFindingsExceedReportedCount_UsesListedCount()
    {
        var findings = new ScanFinding[] { new("GHSA-1", "prototype pollution", "CRITICAL") };

        var decision = EvaluateMajor(GoodEvidence with { ScanFindings = new ScanFindingsEvidence(0, 0, 0, 0, findings) });

        Assert.Equal(GateOutcome.Fail, decision.Gate(GateNames.ScanCritical).Outcome);
    }

    [Fact]
    public void Evaluate_ScanFindingsMissing_FailsEverySeverity()
    {
        var decision = EvaluateMajor(GoodEvidence with { ScanFindings = null });

        Assert.All(
            [GateNames.ScanCritical, GateNames.ScanHigh, GateNames.ScanMedium, GateNames.ScanLow],
            name => Assert.Equal(GateOutcome.Fail, decision.Gate(name).Outcome));
    }

    [Theory]
    [InlineData(new[] { "preChecks", "dependencies", "knownIssues", "rollbackSteps" }, GateOutcome.Pass, null)]
    [InlineData(new[] { "PRECHECKS", "Dependencies", "knownissues", "RollbackSteps", "extra" }, GateOutcome.Pass, null)]
    [InlineData(new[] { "preChecks", "dependencies" }, GateOutcome.Fail, "missing required sections: knownIssues, rollbackSteps")]
    [InlineData(new string[0], GateOutcome.Fail, "missing required sections: preChecks, dependencies, knownIssues, rollbackSteps")]
    public void Evaluate_RunbookSections_MatchedCaseInsensitively(string[] sections, GateOutcome expected, string? reason)
    {
        var decision = EvaluateMajor(GoodEvidence with { Runbook = new RunbookEvidence("https://runbooks/x", sections) });

        var gate = decision.Gate(GateNames.Runbook);
        Assert.Equal(expected, gate.Outcome);
        if (reason is not null)
        {
            Assert.Contains(reason, gate.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Evaluate_RunbookMissing_Fails()
    {
        Assert.Equal(GateOutcome.Fail, EvaluateMajor(GoodEvidence with { Runbook = null }).Gate(GateNames.Runbook).Outcome);
    }

    [Theory]
    [InlineData("RB-42", GateOutcome.Pass)]
    [InlineData("  ", GateOutcome.Fail)]
    [InlineData(null, GateOutcome.Fail)]
    public void Evaluate_RollbackPlan_RequiresProcedureReference(string? procedureRef, GateOutcome expected)
    {
        var decision = EvaluateMajor(GoodEvidence with { Rollback = GoodEvidence.Rollback! with { ProcedureRef = procedureRef } });

        Assert.Equal(expected, decision.Gate(GateNames.RollbackPlan).Outcome);
    }

    [Theory]
    [InlineData(0, "staging", GateOutcome.Pass)]
    [InlineData(30 * 86_400, "staging", GateOutcome.Pass)]
    [InlineData(30 * 86_400 + 1, "staging", GateOutcome.Fail)]
    [InlineData(3 * 86_400, "STAGING", GateOutcome.Pass)]
    [InlineData(3 * 86_400, "dev", GateOutcome.Fail)]
    [InlineData(-60, "staging", GateOutcome.Fail)]
    public void Evaluate_RollbackRehearsal_MustBeRecentAndInStaging(int ageSeconds, string environment, GateOutcome expected)
    {
        var rollback = new RollbackEvidence("RB-42", Now.AddSeconds(-ageSeconds), environment);

        var decision = EvaluateMajor(GoodEvidence with { Rollback = rollback });

        Assert.Equal(expected, decision.Gate(GateNames.RollbackRehearsal).Outcome);
    }

    [Fact]
    public void Evaluate_StaleRehearsal_NamesDateAndLimit()
    {
        var rollback = new RollbackEvidence("RB-42", new DateTimeOffset(2026, 10, 1, 9, 0, 0, TimeSpan.Zero), "staging");

        var decision = EvaluateMajor(GoodEvidence with { Rollback = rollback });

        var gate = decision.Gate(GateNames.RollbackRehearsal);
        Assert.Equal(GateOutcome.Fail, gate.Outcome);
        Assert.Contains("2026-10-01", gate.Reason, StringComparison.Ordinal);
        Assert.Contains("57 days old", gate.Reason, StringComparison.Ordinal);
        Assert.Contains("limit is 30 days", gate.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_RehearsalNotConfiguredForType_IsWaived()
    {
        var decision = Evaluate(Request(GoodEvidence with { Rollback = new RollbackEvidence("RB-1", null, null) }, releaseType: "patch"));

        Assert.Equal(GateOutcome.Waived, decision.Gate(GateNames.RollbackRehearsal).Outcome);
        Assert.Equal(GateOutcome.Pass, decision.Gate(GateNames.RollbackPlan).Outcome);
    }

    [Theory]
    [InlineData("payments-api", "major", true, GateOutcome.Pass)]
    [InlineData("payments-api", "major", false, GateOutcome.Fail)]
    [InlineData("payments-api", "major", null, GateOutcome.Fail)]
    [InlineData("orders-api", "minor", false, GateOutcome.Fail)]
    [InlineData("catalog-web", "major", null, GateOutcome.Waived)]
    [InlineData("payments-api", "patch", null, GateOutcome.Waived)]
    public void Evaluate_LoadTest_RequiredOnlyForHighTraffic(string service, string releaseType, bool? passed, GateOutcome expected)
    {
        var requester = service switch { "orders-api" => "carol", "catalog-web" => "dave", _ => "alice" };
        var evidence = GoodEvidence with { LoadTest = passed is null ? null : new LoadTestEvidence("LT-9", passed, Now) };

        var decision = Evaluate(Request(evidence, service: service, releaseType: releaseType, requestedBy: requester));

        Assert.Equal(expected, decision.Gate(GateNames.LoadTest).Outcome);
    }

    [Theory]
    // Major requires 2 independent approvals; the requester is alice.
    [InlineData(new[] { "bob", "carol" }, 2, GateOutcome.Pass)]
    [InlineData(new[] { "bob", "carol", "dave" }, 3, GateOutcome.Pass)]
    [InlineData(new[] { "alice", "bob" }, 2, GateOutcome.Fail)]
    [InlineData(new[] { "ALICE", "bob", "carol" }, 3, GateOutcome.Pass)]
    [InlineData(new[] { "bob", "Bob" }, 2, GateOutcome.Fail)]
    [InlineData(new[] { "bob", "carol" }, 1, GateOutcome.Fail)]
    [InlineData(new[] { "bob" }, 5, GateOutcome.Fail)]
    [InlineData(new string[0], 0, GateOutcome.Fail)]
    public void Evaluate_PeerReview_CountsOnlyIndependentApprovals(string[] reviewers, int approvals, GateOutcome expected)
    {
        var decision = EvaluateMajor(GoodEvidence with { PeerReview = new PeerReviewEvidence(reviewers, approvals) });

        Assert.Equal(expected, decision.Gate(GateNames.PeerReview).Outcome);
    }

    [Fact]
    public void Evaluate_RequesterReviewsOwnChange_ReasonSaysRequesterDoesNotCount()
    {
        var decision = EvaluateMajor(GoodEvidence with { PeerReview = new PeerReviewEvidence(["alice", "bob"], 2) });

        var gate = decision.Gate(GateNames.PeerReview);
        Assert.Equal("1 independent approval", gate.Measured);
        Assert.Contains("requester alice does not count", gate.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Evaluate_PeerReviewWithoutReviewerNames_Fails(bool evidencePresent)
    {
        var review = evidencePresent ? new PeerReviewEvidence(null, 2) : null;

        var decision = EvaluateMajor(GoodEvidence with { PeerReview = review });

        Assert.Equal(GateOutcome.Fail, decision.Gate(GateNames.PeerReview).Outcome);
    }

    [Fact]
    public void Evaluate_RequesterNotInitiator_IsRejectedWithRaciReason()
    {
        var decision = Evaluate(Request(requestedBy: "mallory"));

        Assert.Equal(ReadinessVerdict.Rejected, decision.Verdict);
        var gate = decision.Gate(GateNames.Initiator);
        Assert.Equal(GateOutcome.Fail, gate.Outcome);
        Assert.Contains("'mallory' is not an initiator for payments-api", gate.Reason, StringComparison.Ordinal);
        Assert.Contains("alice, payments-release-managers", gate.Reason, StringComparison.Ordinal);
        Assert.Single(decision.Reasons);
    }

    [Theory]
    [InlineData("alice", null, GateOutcome.Pass)]
    [InlineData("Alice", null, GateOutcome.Pass)]
    [InlineData("zoe", new[] { "payments-release-managers" }, GateOutcome.Pass)]
    [InlineData("zoe", new[] { "orders-team" }, GateOutcome.Fail)]
    [InlineData("carol", null, GateOutcome.Fail)]
    [InlineData("", null, GateOutcome.Fail)]
    public void Evaluate_Initiator_MatchesUserOrGroup(string requester, string[]? groups, GateOutcome expected)
    {
        var request = Request(requestedBy: requester) with { RequesterGroups = groups };

        Assert.Equal(expected, Evaluate(request).Gate(GateNames.Initiator).Outcome);
    }

    [Theory]
    [InlineData("billing-api", "production", "service 'billing-api'")]
    [InlineData("payments-api", "qa", "environment 'qa'")]
    public void Evaluate_OutOfScopeWithReject_IsRejectedUngoverned(string service, string environment, string named)
    {
        var decision = Evaluate(Request(service: service, environment: environment));

        Assert.False(decision.Governed);
        Assert.Equal(ReadinessVerdict.Rejected, decision.Verdict);
        Assert.Contains(named, Assert.Single(decision.Reasons), StringComparison.Ordinal);
        Assert.Empty(decision.Gates);
        Assert.Null(decision.RiskAssessment);
    }

    [Fact]
    public void Evaluate_OutOfScopeWithPassThrough_IsUngoverned()
    {
        var sample = SamplePolicy.Load();
        var policy = sample with { Scope = sample.Scope with { OutOfScope = OutOfScopeBehaviour.PassThrough } };

        var decision = Evaluate(Request(service: "billing-api"), policy);

        Assert.False(decision.Governed);
        Assert.Equal(ReadinessVerdict.Ungoverned, decision.Verdict);
        Assert.Contains("passThrough", Assert.Single(decision.Reasons), StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_Emergency_UsesReducedGatesAndRequiresPostFactoReview()
    {
        var evidence = new ReleaseEvidence(
            TestCoverage: 0.55,
            PeerReview: new PeerReviewEvidence(["alice", "bob"], 1),
            ScanFindings: new ScanFindingsEvidence(0, 4, 20, 100, null),
            Runbook: new RunbookEvidence(null, ["rollbackSteps"]),
            Rollback: new RollbackEvidence("RB-99", null, null),
            Change: new ChangeEvidence(2, 14, []),
            SchemaMigration: new SchemaMigrationEvidence(false, null, null));

        var decision = Evaluate(Request(evidence, releaseType: "emergency"));

        Assert.Equal(ReadinessVerdict.Ready, decision.Verdict);
        Assert.True(decision.PostFactoReviewRequired);
        Assert.Equal(TimeSpan.FromMinutes(30), decision.Rto);
        Assert.Equal(GateOutcome.Waived, decision.Gate(GateNames.LoadTest).Outcome);
        Assert.Equal(GateOutcome.Waived, decision.Gate(GateNames.RollbackRehearsal).Outcome);
        Assert.Equal("emergency", decision.ReleaseType);
    }

    [Fact]
    public void Evaluate_SameEvidenceAsMajor_RejectedUnderMajorButReadyAsEmergency()
    {
        var evidence = GoodEvidence with { TestCoverage = 0.6, LoadTest = null };

        Assert.Equal(ReadinessVerdict.Rejected, Evaluate(Request(evidence)).Verdict);
        Assert.Equal(ReadinessVerdict.Ready, Evaluate(Request(evidence, releaseType: "emergency")).Verdict);
    }

    [Fact]
    public void Evaluate_UnknownReleaseType_IsRejected()
    {
        var decision = Evaluate(Request(releaseType: "hotfix"));

        Assert.True(decision.Governed);
        Assert.Equal(ReadinessVerdict.Rejected, decision.Verdict);
        Assert.Contains("unknown release type 'hotfix'", Assert.Single(decision.Reasons), StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NoEvidence_FailsEveryEvidenceGateAndScoresWorstCase()
    {
        var decision = Evaluate(Request(ReleaseEvidence.Empty));

        Assert.Equal(ReadinessVerdict.Rejected, decision.Verdict);
        // The RCA gate is waived: it asks for evidence only after repeated emergencies, and there were none; no incident
        // owes an analysis either.
        Assert.Equal(
            [GateNames.Initiator, GateNames.RootCauseAnalysis, GateNames.IncidentRootCause],
            decision.Gates.Where(g => g.Outcome != GateOutcome.Fail).Select(g => g.Name));
        Assert.Equal(RiskLevel.Critical, decision.RiskAssessment!.Level);
        Assert.Equal(
            "unknown (assumed worst case)",
            decision.RiskAssessment.Factors.Single(f => f.Name == "filesChanged").Observed);
    }

    [Fact]
    public void Evaluate_CriticalRisk_RoutesToCabPlusSenior()
    {
        var evidence = GoodEvidence with
        {
            Change = new ChangeEvidence(500, 9_000, Enumerable.Range(0, 20).Select(i => $"lib{i}").ToList()),
            SchemaMigration = new SchemaMigrationEvidence(true, false, false),
        };

        var decision = Evaluate(Request(evidence));

        Assert.Equal(RiskLevel.Critical, decision.RiskAssessment!.Level);
        Assert.Equal(ApprovalRoute.CabPlusSenior, decision.Oversight!.Route);
        var chain = decision.Oversight.Chain;
        Assert.True(chain.DistinctApproversAcrossTiers);
        Assert.Equal(["cab", "senior"], chain.Tiers.Select(t => t.Name));
        Assert.Equal(3, chain.Tiers[0].Quorum);
        Assert.Equal(["vp-engineering"], chain.Tiers[1].Groups);
    }

    [Fact]
    public void Evaluate_LowRiskPatch_IsAutoApproved()
    {
        var evidence = GoodEvidence with { Change = new ChangeEvidence(1, 6, []), Runbook = new RunbookEvidence(null, ["rollbackSteps"]) };

        var decision = Evaluate(Request(evidence, service: "internal-docs", environment: "dev", releaseType: "patch", requestedBy: "erin"));

        Assert.Equal(ReadinessVerdict.Ready, decision.Verdict);
        Assert.Equal(RiskLevel.Low, decision.RiskAssessment!.Level);
        Assert.Equal(ApprovalRoute.AutoApprove, decision.Oversight!.Route);
        Assert.True(decision.Oversight.AutoApproveAllowed);
    }

    [Fact]
    public void Evaluate_StaleRehearsal_RaisesRisk()
    {
        var fresh = Evaluate(Request());
        var stale = Evaluate(Request(GoodEvidence with { Rollback = GoodEvidence.Rollback! with { RehearsedAt = Now.AddDays(-90) } }));

        Assert.True(stale.RiskAssessment!.Score > fresh.RiskAssessment!.Score);
    }

    [Fact]
    public void Evaluate_Decision_RoundTripsThroughSystemTextJson()
    {
        var decision = Evaluate(Request(GoodEvidence with { TestCoverage = 0.5 }));

        var json = JsonSerializer.Serialize(decision);
        var back = JsonSerializer.Deserialize<ReadinessDecision>(json)!;

        Assert.Equal(json, JsonSerializer.Serialize(back));
        Assert.Equal(decision.Gates, back.Gates);
        Assert.Equal(decision.Oversight!.Route, back.Oversight!.Route);
        Assert.Contains("\"Verdict\":\"Rejected\"", json, StringComparison.Ordinal);
        Assert.Contains("\"Outcome\":\"Fail\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_SameInputs_GiveIdenticalDecisions()
    {
        var request = Request();

        var first = JsonSerializer.Serialize(Evaluate(request));
        var second = JsonSerializer.Serialize(ReadinessEvaluator.Evaluate(request, PolicyParser.Parse(SamplePolicy.Text).Document!, Now));

        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData("payments-api", "alice")]
    [InlineData("orders-api", "carol")]
    [InlineData("catalog-web", "dave")]
    [InlineData("internal-docs", "erin")]
    public void Evaluate_EverySampleServiceWithItsInitiator_IsReady(string service, string requester)
    {
        Assert.Equal(ReadinessVerdict.Ready, Evaluate(Request(service: service, requestedBy: requester)).Verdict);
    }
}
