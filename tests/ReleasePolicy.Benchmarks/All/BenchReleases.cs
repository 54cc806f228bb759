using ReleasePolicy.Testing;

namespace ReleasePolicy.Benchmarks.All;

/// <summary>The two kinds of release the timed benchmarks submit, as a pipeline sends them.</summary>
internal static class BenchReleases
{
    /// <summary>A low-risk catalog-web patch to staging by dave: the sample policy approves it without people (rule recorded).</summary>
    public static object AutoApproved(DateTimeOffset now) => SampleRelease.AutoApproved(now, "Benchmark release");

    /// <summary>A payments-api patch to production by alice: high risk under the sample policy, so it waits in route <c>peer</c>.</summary>
    public static object Peer(DateTimeOffset now) => new
    {
        service = "payments-api",
        version = "1.4.2",
        environment = "production",
        type = "patch",
        requestedBy = "alice",
        changeSummary = "Benchmark release",
        evidence = SampleRelease.EvidenceJson(now),
    };
}
