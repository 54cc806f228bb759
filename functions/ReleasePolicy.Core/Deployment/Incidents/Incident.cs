using System.Text.Json.Serialization;

namespace ReleasePolicy.Deployment.Incidents;

/// <summary>
/// What a rollback leaves behind: the release it undid, the rule that fired, the RTO clock, and the root-cause analysis
/// the service owes (when the policy requires one) before readiness accepts its next release to that environment.
/// </summary>
/// <param name="Id">Derived from the release id (<see cref="IdFor"/>), so a retried rollback opens the same incident.</param>
/// <param name="Rule">The health rule that fired (<c>HealthRules</c>), or <c>manualRollback</c>.</param>
/// <param name="Rto">The release type's recovery time objective from the policy.</param>
/// <param name="RolledBackAt">When the pipeline reported <c>RollbackCompleted</c>; null while it has not.</param>
/// <param name="RtoMet">Null until the rollback completed or the RTO passed.</param>
public sealed record Incident(
    string Id,
    string ReleaseId,
    string Service,
    string Environment,
    string Version,
    string Rule,
    string Reason,
    DateTimeOffset OpenedAt,
    TimeSpan Rto,
    bool RootCauseAnalysisRequired)
{
    public DateTimeOffset? RolledBackAt { get; init; }

    public bool? RtoMet { get; init; }

    public RootCauseAnalysis? RootCauseAnalysis { get; init; }

    [JsonIgnore]
    public bool OwesRootCauseAnalysis => this.RootCauseAnalysisRequired && this.RootCauseAnalysis is null;

    public static string IdFor(string releaseId) => "inc-" + releaseId;
}

/// <summary>A filed root-cause analysis: what was found, what will be done, who filed it and its evidence record.</summary>
public sealed record RootCauseAnalysis(
    string Findings,
    IReadOnlyList<string> Actions,
    string FiledBy,
    DateTimeOffset FiledAt,
    string? EvidenceRecord)
{
    /// <summary>Where the analysis is kept beyond this record (e.g. a problem ticket id); optional.</summary>
    public string? Reference { get; init; }
}
