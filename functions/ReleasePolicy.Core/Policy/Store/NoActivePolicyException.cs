namespace ReleasePolicy.Policy.Store;

/// <summary>
/// Nothing has been published yet, and this deployment does not seed the sample policy. Releases cannot be judged
/// until the policy administrator publishes one; callers get a 409 saying so.
/// </summary>
public sealed class NoActivePolicyException : PermanentFailureException
{
    public NoActivePolicyException()
        : base("No policy has been published yet: the policy administrator must publish one (PUT /api/policy) before releases can be submitted.")
    {
    }

    public NoActivePolicyException(string message)
        : base(message)
    {
    }

    public NoActivePolicyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
