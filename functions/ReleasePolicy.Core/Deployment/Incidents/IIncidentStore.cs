namespace ReleasePolicy.Deployment.Incidents;

/// <summary>Incident records (Azure Tables): opened by a rollback, closed for readiness by a filed root-cause analysis.</summary>
public interface IIncidentStore
{
    /// <summary>Creates the incident, or returns the one already stored under its id (a retried activity).</summary>
    Task<Incident> OpenAsync(Incident incident, CancellationToken cancellationToken = default);

    Task<Incident?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Records how the rollback ended: when it completed (null: never confirmed) and whether the RTO was met.</summary>
    Task<Incident> RecordRollbackAsync(string id, DateTimeOffset? rolledBackAt, bool rtoMet, CancellationToken cancellationToken = default);

    /// <summary>Newest first; filters are optional.</summary>
    Task<IReadOnlyList<Incident>> ListAsync(string? service, bool? owingRootCause, int limit, CancellationToken cancellationToken = default);

    /// <summary>The incidents of a service in an environment that still owe a root-cause analysis (what readiness checks).</summary>
    Task<IReadOnlyList<Incident>> OwingRootCauseAsync(string service, string environment, CancellationToken cancellationToken = default);

    /// <summary>Files the analysis once; a second filing is refused (the first stands, it is evidence).</summary>
    Task<Incident> FileRootCauseAsync(string id, RootCauseAnalysis analysis, CancellationToken cancellationToken = default);
}
