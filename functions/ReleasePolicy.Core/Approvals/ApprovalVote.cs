using System.Text.Json.Serialization;

namespace ReleasePolicy.Approvals;

[JsonConverter(typeof(JsonStringEnumConverter<ApprovalVerdict>))]
public enum ApprovalVerdict
{
    Approve,
    Reject,
}

/// <summary>One person's counted answer in one tier.</summary>
/// <param name="Via">How it arrived: <c>link</c> (the approver page) or <c>actionable-message</c> (Outlook).</param>
/// <param name="EligibleBy">Why this person could decide: the group they were in at that moment, <c>named user</c>, or the escalation that added them.</param>
public sealed record ApprovalVote(string Person, ApprovalVerdict Verdict, string? Comment, DateTimeOffset At, string Via, string EligibleBy);

/// <summary>An answer that was not counted, and why; kept with the tier and written to its evidence.</summary>
/// <param name="Person">Who tried (the token's approver, or the signed-in or Outlook person when they differ).</param>
/// <param name="Code">A stable reason code (see <see cref="RefusalCodes"/>).</param>
public sealed record ApprovalRefusal(string Person, string Code, string Reason, DateTimeOffset At, string Via);

/// <summary>Something the tier did over time: mails, reminders, escalations, its timeout.</summary>
/// <param name="Kind"><c>requested</c>, <c>reminded</c>, <c>escalated</c>, <c>timed-out</c>, <c>closed</c>.</param>
/// <param name="People">Who was mailed (or added, for an escalation).</param>
public sealed record TierEvent(string Kind, DateTimeOffset At, IReadOnlyList<string> People, string Note)
{
    /// <summary>The id of each mail sent for this event (the Graph request id, or the outbox entry), in the order of <see cref="People"/>.</summary>
    public IReadOnlyList<string>? Mails { get; init; }
}

/// <summary>Someone who may not count in this tier, and why (segregation of duties).</summary>
public sealed record ExcludedPerson(string Person, string Reason);
