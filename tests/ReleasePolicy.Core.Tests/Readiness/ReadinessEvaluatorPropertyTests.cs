using CsCheck;
using ReleasePolicy.Readiness;
using static ReleasePolicy.Core.Tests.TestData;

using ReleasePolicy.Policy;

namespace ReleasePolicy.Core.Tests.Readiness;

public class ReadinessEvaluatorPropertyTests
{
    private static readonly Gen<string?> Name =
        Gen.OneOf<string?>(null, "", "alice", "grace", "heidi", "staging", "rollbackSteps");

    private static readonly Gen<int?> Count = Gen.Int[-1, 30].Select(i => i < 0 ? null : (int?)i);
    private static readonly Gen<bool?> Flag = Gen.Int[0, 2].Select(i => i == 2 ? null : (bool?)(i == 1));
    private static readonly Gen<DateTimeOffset?> When = Gen.Int[-100, 6].Select(d => d == 6 ? null : (DateTimeOffset?)Now.AddDays(d));

    private static readonly Gen<ReleaseEvidence> Evidence = Gen.Select(
        Gen.Double[-0.2, 1].Select(d => d < 0 ? null : (double?)d),
        Gen.Select(Name.Array[0, 4], Count, (r, a) => new PeerReviewEvidence(r!, a)).Null(),
        Gen.Select(Count, Count, Count, Count, (c, h, m, l) => new ScanFindingsEvidence(c, h, m, l, null)).Null(),
        Name.Array[0, 5].Select(s => new RunbookEvidence(null, s!)).Null(),
        Gen.Select(Name, When, Name, (p, at, env) => new RollbackEvidence(p, at, env)).Null(),
        Flag.Select(p => new LoadTestEvidence(null, p, null)).Null(),
        Gen.Select(Count, Count, (f, l) => new ChangeEvidence(f, l, null)).Null(),
        Gen.Select(Flag, Flag, Flag, (p, b, d) => new SchemaMigrationEvidence(p, b, d)).Null(),
        (coverage, review, scan, runbook, rollback, load, change, schema) =>
            new ReleaseEvidence(coverage, review, scan, runbook, rollback, load, change, schema));

    private static readonly Gen<string> ServiceName = 
        Gen.OneOf("payments-api", "orders-api", "catalog-web", "internal-docs", "unknown");

    private static readonly Gen<string> ReleaseTypeName = 
        Gen.OneOf("major", "minor", "patch", "emergency", "Emergency");

    private static readonly Gen<RootCauseAnalysisEvidence?> Rca =
        Gen.Select(Name, Name, (reference, url) => new RootCauseAnalysisEvidence(reference, url)).Null();

    [Fact]
    public void Evaluate_RandomEvidence_ReadyExactlyWhenNoGateFails()
    {
        Gen.Select(Evidence, ServiceName, ReleaseTypeName, Name, Gen.Int[-2, 5], Rca).Sample((evidence, service, type, requester, emergencies, rca) =>
        {
            var request = Request(evidence with { RootCauseAnalysis = rca }, service: service, releaseType: type, requestedBy: requester!)
                with { RecentEmergencies = emergencies };
            var decision = Evaluate(request);

            var anyFailed = decision.Gates.Any(g => g.Outcome == GateOutcome.Fail);
            if (decision.Governed)
            {
                Assert.Equal(anyFailed ? ReadinessVerdict.Rejected : ReadinessVerdict.Ready, decision.Verdict);
                Assert.Equal(decision.Gates.Count(g => g.Outcome == GateOutcome.Fail), decision.Reasons.Count);
                Assert.InRange(decision.RiskAssessment!.Score, 0, 100);
            }
            else
            {
                Assert.Equal(ReadinessVerdict.Rejected, decision.Verdict);
            }
        }, iter: 3_000);
    }
}
