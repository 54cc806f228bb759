namespace ReleasePolicy.Readiness;

/// <summary>Stable gate identifiers; controls in the policy refer to these in <c>appliesTo</c>.</summary>
public static class GateNames
{
    public const string Initiator = "initiator";
    public const string Coverage = "coverage";
    public const string ScanCritical = "scanFindings.critical";
    public const string ScanHigh = "scanFindings.high";
    public const string ScanMedium = "scanFindings.medium";
    public const string ScanLow = "scanFindings.low";
    public const string Runbook = "runbook";
    public const string RollbackPlan = "rollbackPlan";
    public const string RollbackRehearsal = "rollbackRehearsal";
    public const string LoadTest = "loadTest";
    public const string PeerReview = "peerReview";
    public const string ChangeSummary = "changeSummary";
    public const string SchemaMigration = "schemaMigration";

    /// <summary>After repeated emergency releases of a service, its next release needs a root-cause analysis.</summary>
    public const string RootCauseAnalysis = "rootCauseAnalysis";

    /// <summary>A rollback's incident owes a root-cause analysis: the service's next release to that environment waits for it.</summary>
    public const string IncidentRootCause = "incidentRootCause";

    /// <summary>"scanFindings" addresses all four severity gates at once.</summary>
    public const string ScanFindings = "scanFindings";

    public static IReadOnlyList<string> All { get; } =
    [
        Initiator, Coverage, ScanFindings, ScanCritical, ScanHigh, ScanMedium, ScanLow, Runbook, RollbackPlan,
        RollbackRehearsal, LoadTest, PeerReview, ChangeSummary, SchemaMigration, RootCauseAnalysis, IncidentRootCause,
    ];
}
