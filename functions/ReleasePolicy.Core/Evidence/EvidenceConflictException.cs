namespace ReleasePolicy.Evidence;

/// <summary>
/// A record's blob already holds different bytes: evidence is never overwritten, and retrying cannot help, so the
/// workflow stops loudly.
/// </summary>
public sealed class EvidenceConflictException : PermanentFailureException
{
    public EvidenceConflictException()
    {
    }

    public EvidenceConflictException(string message)
        : base(message)
    {
    }

    public EvidenceConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
