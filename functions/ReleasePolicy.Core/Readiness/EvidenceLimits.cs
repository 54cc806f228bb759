namespace ReleasePolicy.Readiness;

/// <summary>
/// The largest evidence a release may carry, so that anything accepted with 202 also fits in every later step
/// (orchestration input, table summary, evidence records). Mirrored by <c>maxItems</c>/<c>maxLength</c> in
/// <c>docs/release-evidence.schema.json</c>; a test keeps the two equal.
/// </summary>
public static class EvidenceLimits
{
    public const int MaxFindings = 10_000;
    public const int MaxFindingIdLength = 100;
    public const int MaxFindingTitleLength = 300;
    public const int MaxReviewers = 100;
    public const int MaxRunbookSections = 100;
    public const int MaxDependencies = 500;

    /// <summary>Names: reviewers, runbook sections, dependencies, the rehearsal environment, the RCA reference.</summary>
    public const int MaxNameLength = 200;

    /// <summary>References: runbook URL, rollback procedure, load test report, RCA URL.</summary>
    public const int MaxReferenceLength = 2048;
}
