using ReleasePolicy.Risk;

namespace ReleasePolicy.Policy;

/// <summary>The four release types; a record rather than a dictionary because the policy must define all of them.</summary>
public sealed record ReleaseTypePolicies(
    ReleaseTypePolicy Major,
    ReleaseTypePolicy Minor,
    ReleaseTypePolicy Patch,
    ReleaseTypePolicy Emergency)
{
    public ReleaseTypePolicy For(ReleaseType type) => type switch
    {
        ReleaseType.Major => Major,
        ReleaseType.Minor => Minor,
        ReleaseType.Patch => Patch,
        _ => Emergency,
    };
}

/// <summary>Gates and approval routing for one release type.</summary>
/// <param name="RollbackRehearsalMaxAgeDays">When set, a rollback rehearsal in staging no older than this is required.</param>
/// <param name="Rto">Recovery time objective the release commits to; required so every release has one on record.</param>
public sealed record ReleaseTypePolicy(
    double MinCoverage,
    ScanThresholds MaxScanFindings,
    bool LoadTestRequiredForHighTraffic,
    IReadOnlyList<string> RequiredRunbookSections,
    bool RollbackPlanRequired,
    int? RollbackRehearsalMaxAgeDays,
    bool PeerReviewRequired,
    int MinPeerApprovals,
    TimeSpan Rto,
    bool PostFactoReviewRequired,
    ApprovalRoutes ApprovalRoute);

public sealed record ScanThresholds(int Critical, int High, int Medium, int Low);

public sealed record ApprovalRoutes(ApprovalRoute Low, ApprovalRoute Medium, ApprovalRoute High, ApprovalRoute Critical)
{
    public ApprovalRoute For(RiskLevel level) => level switch
    {
        RiskLevel.Low => Low,
        RiskLevel.Medium => Medium,
        RiskLevel.High => High,
        _ => Critical,
    };
}
