namespace ReleasePolicy.Deployment.Incidents.Api;

/// <summary>A root-cause analysis as its filer sent it (<c>POST /api/incidents/{id}/rca</c>), already validated.</summary>
public sealed record RootCauseAnalysisRequest(string Findings, IReadOnlyList<string> Actions, string? Reference)
{
    /// <summary>The analysis as stored on the incident, filed by <paramref name="filedBy"/> under <paramref name="record"/>.</summary>
    public RootCauseAnalysis ToAnalysis(string filedBy, DateTimeOffset filedAt, string record) =>
        new(this.Findings, this.Actions, filedBy, filedAt, record) { Reference = this.Reference };

    /// <summary>Whether an analysis on record says what this request says (a retry of the same filing).</summary>
    public bool Describes(RootCauseAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        return string.Equals(this.Findings, analysis.Findings, StringComparison.Ordinal)
            && this.Actions.SequenceEqual(analysis.Actions, StringComparer.Ordinal)
            && string.Equals(this.Reference, analysis.Reference, StringComparison.Ordinal);
    }
}
