namespace ReleasePolicy.Deployment.Incidents;

/// <summary>A second root-cause analysis for an incident: the first stands (it is evidence); the API answers 409.</summary>
public sealed class RootCauseAlreadyFiledException : Exception
{
    public RootCauseAlreadyFiledException()
    {
    }

    public RootCauseAlreadyFiledException(string message)
        : base(message)
    {
    }

    public RootCauseAlreadyFiledException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The incident as stored, with the analysis that was filed first.</summary>
    public Incident? Incident { get; init; }
}
