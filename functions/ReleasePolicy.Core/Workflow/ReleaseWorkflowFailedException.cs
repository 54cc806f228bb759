namespace ReleasePolicy.Workflow;

/// <summary>
/// How a release orchestration fails for the outside world: a stable reason naming the stage and a correlation id,
/// never the internal error (which is logged with the same correlation id). The API shows this exception's message
/// as is, and only this one.
/// </summary>
public sealed class ReleaseWorkflowFailedException : Exception
{
    public ReleaseWorkflowFailedException()
    {
    }

    public ReleaseWorkflowFailedException(string message)
        : base(message)
    {
    }

    public ReleaseWorkflowFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The reason shown on a failed release; the same words on the failure decision and the orchestration.</summary>
    public static string Reason(string stage, string correlationId) =>
        $"The workflow could not continue in {stage}; reference {correlationId}.";
}
