using ReleasePolicy.Readiness;

namespace ReleasePolicy.Releases;

/// <summary>What one stage decided about a release, and why, in words a person can read.</summary>
/// <param name="Outcome">A stage-specific verb: passed, rejected, approved, scheduled, deployed, rolledBack…</param>
/// <param name="Reasons">Every reason behind a rejection, one per failed check.</param>
/// <param name="Readiness">The full readiness evaluation (risk factors, gates, oversight), on the readiness decision.</param>
public sealed record StageDecision(
    ReleaseStage Stage,
    string Outcome,
    string Summary,
    DateTimeOffset DecidedAt,
    IReadOnlyDictionary<string, string>? Details = null,
    IReadOnlyList<string>? Reasons = null,
    ReadinessDecision? Readiness = null)
{
    public bool IsRejection => this.Outcome is StageOutcomes.Rejected;
}

public static class StageOutcomes
{
    public const string Passed = "passed";
    public const string Ungoverned = "ungoverned";
    public const string Rejected = "rejected";
    public const string Approved = "approved";
    public const string Scheduled = "scheduled";
    public const string Deployed = "deployed";
    public const string Failed = "failed";

    /// <summary>The pre-deployment checks passed when the slot opened.</summary>
    public const string Cleared = "cleared";

    /// <summary>A pre-deployment check failed: the release is booked again (up to the policy's limit).</summary>
    public const string CheckFailed = "checkFailed";

    /// <summary>The watch found the deployment unhealthy (or its pipeline failed, or its owner asked): a rollback follows.</summary>
    public const string Unhealthy = "unhealthy";

    /// <summary>The pipeline never started the deployment (or its owner stopped it first).</summary>
    public const string NotDeployed = "notDeployed";

    /// <summary>A rollback was requested: incident opened, RTO clock started.</summary>
    public const string RollbackRequested = "rollbackRequested";

    /// <summary>The RTO passed before the pipeline reported the rollback complete.</summary>
    public const string RtoMissed = "rtoMissed";

    /// <summary>The pipeline reported the rollback complete.</summary>
    public const string RolledBack = "rolledBack";

    /// <summary>No <c>RollbackCompleted</c> came within the policy's wait limit: the state of production is unknown.</summary>
    public const string RollbackUnconfirmed = "rollbackUnconfirmed";

    /// <summary>An emergency's post-facto review approved what was deployed.</summary>
    public const string Reviewed = "reviewed";

    /// <summary>An emergency's post-facto review rejected (or timed out on) what was deployed: follow-up is owed.</summary>
    public const string ReviewRejected = "reviewRejected";
}
