using BenchmarkDotNet.Attributes;
using ReleasePolicy.Policy;
using ReleasePolicy.Readiness;

namespace ReleasePolicy.Benchmarks;

/// <summary>One full readiness decision on the sample policy with evidence that passes every gate.</summary>
[MemoryDiagnoser]
[MedianColumn]
public class ReadinessBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private PolicyDocument policy = null!;
    private ReadinessRequest request = null!;

    [GlobalSetup]
    public void Setup()
    {
        policy = SamplePolicy.Load();
        var evidence = new ReleaseEvidence(
            TestCoverage: 0.86,
            PeerReview: new PeerReviewEvidence(["grace", "heidi"], 2),
            ScanFindings: new ScanFindingsEvidence(0, 0, 1, 3, []),
            Runbook: new RunbookEvidence("https://runbooks/payments", ["preChecks", "dependencies", "knownIssues", "rollbackSteps"]),
            Rollback: new RollbackEvidence("RB-42", Now.AddDays(-3), "staging"),
            LoadTest: new LoadTestEvidence("LT-7", true, Now.AddDays(-1)),
            Change: new ChangeEvidence(12, 340, ["Polly"]),
            SchemaMigration: new SchemaMigrationEvidence(false, true, true));
        request = new ReadinessRequest("payments-api", "1.4.0", "production", "major", "alice", evidence);

        // Fail fast: a benchmark of a rejected decision would measure the wrong path.
        if (ReadinessEvaluator.Evaluate(request, policy, Now).Verdict != ReadinessVerdict.Ready)
        {
            throw new InvalidOperationException("Benchmark evidence no longer passes the sample policy.");
        }
    }

    [Benchmark]
    public ReadinessDecision EvaluateMajorRelease() => ReadinessEvaluator.Evaluate(request, policy, Now);
}
