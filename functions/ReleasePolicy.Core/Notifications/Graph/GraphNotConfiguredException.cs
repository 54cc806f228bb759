namespace ReleasePolicy.Notifications.Graph;

/// <summary>
/// Microsoft Graph is selected but cannot be used as configured (no sender, half a client credential, no token):
/// retrying cannot fix it, so it stops the work at once with a message that names the setting.
/// </summary>
public sealed class GraphNotConfiguredException : PermanentFailureException
{
    public GraphNotConfiguredException()
    {
    }

    public GraphNotConfiguredException(string message)
        : base(message)
    {
    }

    public GraphNotConfiguredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
