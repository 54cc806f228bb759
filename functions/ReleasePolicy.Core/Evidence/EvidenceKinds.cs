namespace ReleasePolicy.Evidence;

/// <summary>The kinds of record a release's chain holds, in the order a release writes them.</summary>
public static class EvidenceKinds
{
    public const string Submission = "submission";
    public const string PolicySnapshot = "policy-snapshot";
    public const string Readiness = "readiness";
    public const string Approval = "approval-decision";
    public const string Schedule = "schedule";
    public const string Deployment = "deployment";
    public const string Completion = "completion";
}
