namespace ReleasePolicy.Calendar;

/// <summary>An ad-hoc freeze with this id exists with different content (the API answers 409).</summary>
public sealed class FreezeConflictException : Exception
{
    public FreezeConflictException()
    {
    }

    public FreezeConflictException(string message)
        : base(message)
    {
    }

    public FreezeConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public string? FreezeId { get; init; }
}
