namespace ReleasePolicy.Evidence;

/// <summary>An append whose predecessor does not exist: writing it would leave a hole in the chain.</summary>
public sealed class EvidenceGapException : PermanentFailureException
{
    public EvidenceGapException()
    {
    }

    public EvidenceGapException(string message)
        : base(message)
    {
    }

    public EvidenceGapException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
