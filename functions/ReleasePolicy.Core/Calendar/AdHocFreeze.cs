using ReleasePolicy.Policy;

namespace ReleasePolicy.Calendar;

/// <summary>
/// A freeze an operator adds at run time (e.g. during an incident) through <c>POST /api/calendar/freezes</c>. It takes
/// effect at once for every release not yet deploying. Scope lists that are empty match everything.
/// </summary>
/// <param name="Id">Assigned by the store (<c>adhoc-...</c>); also the freeze's name in decisions.</param>
/// <param name="CreatedBy">The principal that added it.</param>
public sealed record AdHocFreeze(
    string Id,
    string Reason,
    DateTimeOffset Start,
    DateTimeOffset End,
    IReadOnlyList<string> Environments,
    IReadOnlyList<string> Services,
    IReadOnlyList<string> Tiers,
    IReadOnlyList<ReleaseType> AllowedReleaseTypes,
    string CreatedBy,
    DateTimeOffset CreatedAt)
{
    public TimeRange Range => new(this.Start, this.End);
}
