using ReleasePolicy.Deployment.Incidents;

namespace ReleasePolicy.Functions.Triggers.Incidents;

/// <summary>An incident as the API shows it, with whether it still owes an analysis and where to file it.</summary>
/// <param name="RecordSha256">The SHA-256 of the analysis's evidence record; only in the answer to a filing.</param>
public sealed record IncidentView(
    string Id,
    string ReleaseId,
    string Service,
    string Environment,
    string Version,
    string Rule,
    string Reason,
    DateTimeOffset OpenedAt,
    TimeSpan Rto,
    DateTimeOffset? RolledBackAt,
    bool? RtoMet,
    bool RootCauseAnalysisRequired,
    bool OwesRootCauseAnalysis,
    RootCauseAnalysis? RootCauseAnalysis,
    string Url,
    string RootCauseAnalysisUrl,
    string? RecordSha256 = null)
{
    public static string UrlOf(string id) => "/api/incidents/" + Uri.EscapeDataString(id);

    public static IncidentView From(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return new(
            incident.Id, incident.ReleaseId, incident.Service, incident.Environment, incident.Version, incident.Rule, incident.Reason, incident.OpenedAt,
            incident.Rto, incident.RolledBackAt, incident.RtoMet, incident.RootCauseAnalysisRequired, incident.OwesRootCauseAnalysis, incident.RootCauseAnalysis,
            UrlOf(incident.Id), UrlOf(incident.Id) + "/rca");
    }
}

public sealed record IncidentList(IReadOnlyList<IncidentView> Incidents);
