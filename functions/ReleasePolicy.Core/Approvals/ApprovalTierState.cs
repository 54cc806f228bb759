namespace ReleasePolicy.Approvals;

/// <summary>
/// One tier of one approval as it stands: who may answer, who has, and what happened. It lives in a table row
/// changed only under optimistic concurrency, so concurrent clicks are counted one at a time and the click that
/// completes the quorum is the only one that resumes the orchestration.
/// </summary>
/// <param name="ApprovalId">The release id (or the policy-change id).</param>
/// <param name="InstanceId">The orchestration waiting on this tier (told once when the tier is decided).</param>
/// <param name="Requester">The person the release is for (never an approver of it).</param>
/// <param name="AddedApprovers">People added by an escalation (a manager, or the members of a named group at that time).</param>
/// <param name="Notified">Everyone mailed for this tier so far.</param>
public sealed record ApprovalTierState(
    string ApprovalId,
    int Tier,
    string TierName,
    string ChainName,
    int Quorum,
    IReadOnlyList<string> Groups,
    IReadOnlyList<string> Users,
    IReadOnlyList<ExcludedPerson> Excluded,
    IReadOnlyList<string> AddedApprovers,
    IReadOnlyList<string> Notified,
    string InstanceId,
    string Requester,
    DateTimeOffset OpenedAt,
    DateTimeOffset Deadline,
    TierStatus Status,
    IReadOnlyList<ApprovalVote> Votes,
    IReadOnlyList<ApprovalRefusal> Refusals,
    IReadOnlyList<TierEvent> Events,
    string? Outcome = null,
    DateTimeOffset? ClosedAt = null)
{
    /// <summary>Refusals beyond this many are counted, not kept (a flood of bad clicks cannot grow the row without bound).</summary>
    public const int MaxKeptRefusals = 50;

    public int RefusalsDropped { get; init; }

    /// <summary>Groups added by an escalation; like <see cref="Groups"/>, membership is checked at each answer.</summary>
    public IReadOnlyList<string> EscalationGroups { get; init; } = [];

    /// <summary>Whether the tier was escalated (once at most).</summary>
    public bool Escalated { get; init; }

    public bool IsOpen => this.Status == TierStatus.Open;

    public int Approvals => this.Votes.Count(v => v.Verdict == ApprovalVerdict.Approve);

    public bool HasAnswered(string person) => this.Votes.Any(v => string.Equals(v.Person, person, StringComparison.OrdinalIgnoreCase));

    /// <summary>People mailed (or added) who have not answered yet: who reminders go to.</summary>
    public IReadOnlyList<string> Waiting => this.Notified.Concat(this.AddedApprovers)
        .Distinct(StringComparer.OrdinalIgnoreCase)
        .Where(p => !this.HasAnswered(p))
        .ToArray();

    /// <summary>Counts a vote; an approval completing the quorum approves, any rejection rejects.</summary>
    public ApprovalTierState WithVote(ApprovalVote vote)
    {
        ArgumentNullException.ThrowIfNull(vote);
        var votes = this.Votes.Append(vote).ToArray();
        int approvals = votes.Count(v => v.Verdict == ApprovalVerdict.Approve);
        (TierStatus status, string? outcome) = vote.Verdict == ApprovalVerdict.Reject
            ? (TierStatus.Rejected, $"Rejected by {vote.Person}" + (string.IsNullOrWhiteSpace(vote.Comment) ? "." : $": {vote.Comment}"))
            : approvals >= this.Quorum
                ? (TierStatus.Approved, $"Approved by {string.Join(", ", votes.Where(v => v.Verdict == ApprovalVerdict.Approve).Select(v => v.Person))} ({approvals} of {this.Quorum} required).")
                : (TierStatus.Open, null);
        return this with
        {
            Votes = votes,
            Status = status,
            Outcome = outcome,
            ClosedAt = status == TierStatus.Open ? null : vote.At,
        };
    }

    /// <summary>Of the people an escalation reaches, those who may count and have not been asked yet, each once.</summary>
    public IReadOnlyList<Notifications.DirectoryPerson> NewcomersAmong(IEnumerable<Notifications.DirectoryPerson> people) => people
        .Where(p => !this.Excluded.Any(e => string.Equals(e.Person, p.Id, StringComparison.OrdinalIgnoreCase)))
        .Where(p => !this.Notified.Any(n => string.Equals(n, p.Id, StringComparison.OrdinalIgnoreCase)))
        .DistinctBy(p => p.Id, StringComparer.OrdinalIgnoreCase)
        .ToArray();

    /// <summary>
    /// Escalated (once): <paramref name="groups"/> join the tier's groups (checked live at each answer), and
    /// <paramref name="people"/> (managers) may answer by name. Null when the tier is closed or escalated already.
    /// </summary>
    public ApprovalTierState? WithEscalation(IReadOnlyList<string> groups, IEnumerable<string> people) => this.IsOpen && !this.Escalated
        ? this with
        {
            Escalated = true,
            EscalationGroups = [.. this.EscalationGroups, .. groups],
            AddedApprovers = [.. this.AddedApprovers, .. people],
        }
        : null;

    public ApprovalTierState WithRefusal(ApprovalRefusal refusal) => this.Refusals.Count >= MaxKeptRefusals
        ? this with { RefusalsDropped = this.RefusalsDropped + 1 }
        : this with { Refusals = this.Refusals.Append(refusal).ToArray() };

    public ApprovalTierState WithEvent(TierEvent tierEvent) => this with { Events = this.Events.Append(tierEvent).ToArray() };
}
