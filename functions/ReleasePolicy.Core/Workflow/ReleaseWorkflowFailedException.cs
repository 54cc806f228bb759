using System.Text.Json;
using ReleasePolicy.Releases;

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

    /// <summary>
    /// What the API may say about an orchestration that failed: the workflow's own reason when it failed the way it
    /// is built to, else the release's recorded failure decision, else a generic reason whose reference is the
    /// release id. <paramref name="hidden"/> is true when an internal error was withheld (the caller should log it).
    /// </summary>
    public static string PublicReason(ReleaseRecord record, string errorType, string errorMessage, out bool hidden)
    {
        ArgumentNullException.ThrowIfNull(record);
        hidden = false;
        if (string.Equals(errorType, typeof(ReleaseWorkflowFailedException).FullName, StringComparison.Ordinal))
        {
            return errorMessage;
        }

        if (record.Decisions.LastOrDefault(d => d.Outcome == StageOutcomes.Failed) is { } decided)
        {
            return decided.Summary;
        }

        hidden = true;
        return Reason(JsonNamingPolicy.CamelCase.ConvertName(record.Stage.ToString()), record.Id);
    }

    /// <summary>The reason shown on a failed release; the same words on the failure decision and the orchestration.</summary>
    public static string Reason(string stage, string correlationId) =>
        $"The workflow could not continue in {stage}; reference {correlationId}.";
}
