using System.Text.Json;

namespace ReleasePolicy.Readiness;

/// <summary>
/// Evidence submitted with a release. Every part is optional here because absence is judged by the gates (a missing
/// part fails the gate that needs it, with a reason) rather than by the parser.
/// </summary>
/// <param name="Extra">Fields we do not model, keyed by their path below <c>evidence</c>; kept for the audit trail.</param>
/// <param name="RootCauseAnalysis">The RCA a service owes after repeated emergency releases (see the rootCauseAnalysis gate).</param>
public sealed record ReleaseEvidence(
    double? TestCoverage = null,
    PeerReviewEvidence? PeerReview = null,
    ScanFindingsEvidence? ScanFindings = null,
    RunbookEvidence? Runbook = null,
    RollbackEvidence? Rollback = null,
    LoadTestEvidence? LoadTest = null,
    ChangeEvidence? Change = null,
    SchemaMigrationEvidence? SchemaMigration = null,
    IReadOnlyDictionary<string, JsonElement>? Extra = null,
    RootCauseAnalysisEvidence? RootCauseAnalysis = null)
{
    public static ReleaseEvidence Empty { get; } = new();
}

public sealed record PeerReviewEvidence(IReadOnlyList<string>? Reviewers, int? Approvals);

public sealed record ScanFindingsEvidence(
    int? Critical,
    int? High,
    int? Medium,
    int? Low,
    IReadOnlyList<ScanFinding>? Findings);

public sealed record ScanFinding(string? Id, string? Title, string? Severity);

public sealed record RunbookEvidence(string? Url, IReadOnlyList<string>? Sections);

public sealed record RollbackEvidence(string? ProcedureRef, DateTimeOffset? RehearsedAt, string? RehearsedIn);

public sealed record LoadTestEvidence(string? ReportRef, bool? Passed, DateTimeOffset? ExecutedAt);

public sealed record ChangeEvidence(int? FilesChanged, int? LinesChanged, IReadOnlyList<string>? Dependencies);

public sealed record SchemaMigrationEvidence(bool? Present, bool? BackwardCompatible, bool? DownMigrationTested);

/// <param name="Reference">The incident or problem record holding the analysis, e.g. <c>INC-123</c>.</param>
public sealed record RootCauseAnalysisEvidence(string? Reference, string? Url);
