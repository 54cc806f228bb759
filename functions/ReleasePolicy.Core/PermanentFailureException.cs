namespace ReleasePolicy;

/// <summary>
/// A failure that retrying cannot fix (a missing or tampered policy version, say): the workflow stops at once
/// and records why, instead of retrying with backoff.
/// </summary>
public class PermanentFailureException : Exception
{
    public PermanentFailureException()
    {
    }

    public PermanentFailureException(string message)
        : base(message)
    {
    }

    public PermanentFailureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
