namespace ReleasePolicy.Deployment.Incidents;

/// <summary>Settings under <c>ReleasePolicy:Incidents</c>.</summary>
public sealed class IncidentOptions
{
    /// <summary>The Azure Table holding incident records and the per-service-environment index readiness asks.</summary>
    public string Table { get; set; } = "incidents";
}
