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
        ReleaseEvidence evidence = ReleasePolicy.Testing.SampleRelease.Evidence(Now);
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
