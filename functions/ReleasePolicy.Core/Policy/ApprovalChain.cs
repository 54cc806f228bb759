using System.Text.Json.Serialization;

namespace ReleasePolicy.Policy;

/// <summary>
/// An ordered list of approval tiers: an oversight route's, the policy-change council's, or a post-facto review's.
/// A release passes the chain only when every tier approves, in order.
/// </summary>
/// <param name="Name">Where the chain comes from in the policy, e.g. <c>oversight.cab</c> (recorded with decisions).</param>
/// <param name="DistinctApproversAcrossTiers">When true, a person who approved in one tier cannot count in a later one.</param>
public sealed record ApprovalChain(string Name, IReadOnlyList<ApprovalTier> Tiers, bool DistinctApproversAcrossTiers)
{
    public static ApprovalChain Empty { get; } = new(string.Empty, [], false);
}

/// <summary>
/// One tier: who may approve (members of <paramref name="Groups"/>, transitively, and the named <paramref name="Users"/>),
/// how many distinct people must (<paramref name="Quorum"/>), and the deadlines.
/// </summary>
public sealed record ApprovalTier(
    string Name,
    IReadOnlyList<string> Groups,
    IReadOnlyList<string> Users,
    int Quorum,
    TierSla Sla,
    TierTimeout Timeout);

/// <summary>When to remind the approvers who have not answered, and when (and to whom) to escalate; offsets from the tier's opening.</summary>
public sealed record TierSla(IReadOnlyList<TimeSpan> Reminders, TimeSpan? EscalateAfter, EscalationTarget? EscalateTo);

[JsonConverter(typeof(JsonStringEnumConverter<EscalationKind>))]
public enum EscalationKind
{
    /// <summary>The next tier's approvers are asked too (the last tier has no next: the policy parser refuses it).</summary>
    NextTier,

    /// <summary>A named group's members are asked too.</summary>
    Group,

    /// <summary>Each pending approver's manager (from the directory) is asked too.</summary>
    Manager,
}

/// <param name="Group">The group, for <see cref="EscalationKind.Group"/>.</param>
public sealed record EscalationTarget(EscalationKind Kind, string? Group);

[JsonConverter(typeof(JsonStringEnumConverter<TimeoutOutcome>))]
public enum TimeoutOutcome
{
    Reject,

    /// <summary>Escalate (if not done already) and wait one more timeout period; a second timeout rejects.</summary>
    Escalate,

    /// <summary>Only with <see cref="TierTimeout.ApproveStatement"/>, the policy's words, recorded with the approval.</summary>
    Approve,
}

/// <param name="After">From the tier's opening.</param>
/// <param name="ApproveStatement">Required (non-empty) when <paramref name="Outcome"/> is <see cref="TimeoutOutcome.Approve"/>.</param>
public sealed record TierTimeout(TimeSpan After, TimeoutOutcome Outcome, string? ApproveStatement);
