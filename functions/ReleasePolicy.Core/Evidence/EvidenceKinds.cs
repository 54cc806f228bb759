namespace ReleasePolicy.Evidence;

/// <summary>The kinds of record a release's chain holds, in the order a release writes them.</summary>
public static class EvidenceKinds
{
    public const string Submission = "submission";
    public const string PolicySnapshot = "policy-snapshot";
    public const string Readiness = "readiness";
    public const string Approval = "approval-decision";

    /// <summary>A tier opened: who was asked, who was excluded and why, the deadlines.</summary>
    public const string ApprovalRequest = "approval-request";
    public const string ApprovalReminder = "approval-reminder";
    public const string ApprovalEscalation = "approval-escalation";

    /// <summary>A tier closed: every counted answer and every refused one with its reason, and the outcome.</summary>
    public const string ApprovalTier = "approval-tier";
    /// <summary>An emergency's post-facto review, after deployment.</summary>
    public const string PostFactoReview = "post-facto-review";

    public const string Schedule = "schedule";

    /// <summary>A later booking of the same release, after a failed pre-deployment check (with the reason and who was told).</summary>
    public const string Reschedule = "reschedule";

    /// <summary>The checks run when the booked slot opens: freezes now, dependencies, the approval's validity.</summary>
    public const string PreDeploymentCheck = "pre-deployment-check";
    public const string DeploymentCleared = "deployment-cleared";
    public const string Deployment = "deployment";
    public const string RollbackRequest = "rollback-request";
    public const string RtoMissed = "rto-missed";
    public const string Rollback = "rollback";
    public const string Completion = "completion";
}
