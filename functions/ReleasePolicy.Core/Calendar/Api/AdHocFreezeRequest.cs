using ReleasePolicy.Policy;

namespace ReleasePolicy.Calendar.Api;

/// <summary>
/// The body of <c>POST /api/calendar/freezes</c>, well-formed but not yet checked against the policy and the clock:
/// <c>{ reason, start?, end, environments, services?, tiers?, allowedReleaseTypes? }</c>.
/// </summary>
/// <param name="Start">Null: now.</param>
public sealed record AdHocFreezeRequest(
    string Reason,
    DateTimeOffset? Start,
    DateTimeOffset End,
    IReadOnlyList<string> Environments,
    IReadOnlyList<string> Services,
    IReadOnlyList<string> Tiers,
    IReadOnlyList<ReleaseType> AllowedReleaseTypes)
{
    /// <summary>The longest ad-hoc freeze: a longer one belongs in the policy, where it is reviewed.</summary>
    public static readonly TimeSpan MaxLength = TimeSpan.FromDays(366);

    /// <summary>The freeze this request creates, with its id, author and creation time.</summary>
    public AdHocFreeze ToFreeze(string id, string createdBy, DateTimeOffset now) =>
        new(id, this.Reason, this.Start ?? now, this.End, this.Environments, this.Services, this.Tiers, this.AllowedReleaseTypes, createdBy, now);

    /// <summary>Whether <paramref name="existing"/> is what this request asks for (a retry under the same idempotency key).</summary>
    public bool Describes(AdHocFreeze existing)
    {
        ArgumentNullException.ThrowIfNull(existing);
        return string.Equals(existing.Reason, this.Reason, StringComparison.Ordinal)
            && (this.Start is null || existing.Start == this.Start)
            && existing.End == this.End
            && existing.Environments.SequenceEqual(this.Environments, StringComparer.Ordinal)
            && existing.Services.SequenceEqual(this.Services, StringComparer.Ordinal)
            && existing.Tiers.SequenceEqual(this.Tiers, StringComparer.Ordinal)
            && existing.AllowedReleaseTypes.SequenceEqual(this.AllowedReleaseTypes);
    }
}
