namespace ReleasePolicy.Approvals;

/// <summary>A person's answer to one tier, after the credential that carried it was checked.</summary>
/// <param name="Via"><c>link</c> or <c>actionable-message</c>.</param>
public sealed record ApprovalAnswer(string ApprovalId, int Tier, string Person, ApprovalVerdict Verdict, string? Comment, string Via, DateTimeOffset At);

public enum AnswerResult
{
    /// <summary>Counted; the tier still waits for others.</summary>
    Counted,

    /// <summary>Counted, and it decided the tier (the orchestration was told).</summary>
    Decided,

    /// <summary>Not counted: segregation of duties or membership (403).</summary>
    Refused,

    /// <summary>Not counted: the tier is closed, the person answered already, or the link was used (409).</summary>
    Conflict,

    /// <summary>No such approval tier (404).</summary>
    NotFound,
}

/// <summary>What became of an answer; <see cref="Message"/> is safe to show the person.</summary>
public sealed record AnswerOutcome(AnswerResult Result, string? Code, string Message, ApprovalTierState? Tier)
{
    public bool WasCounted => this.Result is AnswerResult.Counted or AnswerResult.Decided;
}
