namespace ReleasePolicy.Notifications.Graph;

/// <summary>
/// Microsoft Graph failed, after the SDK's own retries where it retries (429, 503, 504): a transient fault of a
/// dependency, worth retrying later (an activity's retry policy), never a caller's mistake.
/// </summary>
public sealed class GraphUnavailableException : Exception
{
    public GraphUnavailableException()
    {
    }

    public GraphUnavailableException(string message)
        : base(message)
    {
    }

    public GraphUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public GraphUnavailableException(int statusCode, string message, Exception innerException)
        : base(message, innerException) => this.StatusCode = statusCode;

    /// <summary>The last HTTP status Graph answered (0 when none was received).</summary>
    public int StatusCode { get; }
}
