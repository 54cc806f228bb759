using ReleasePolicy.Policy;

namespace ReleasePolicy.Calendar.Feeds;

/// <summary>
/// What one ICS feed shows: the bookings in its range (with each release's version for the title), the policy's
/// freezes in its scope (recurring ones as rules, not expanded), and the ad-hoc freezes overlapping the range.
/// </summary>
/// <param name="Name">The calendar's display name (<c>X-WR-CALNAME</c>).</param>
/// <param name="GeneratedAt">DTSTAMP of every event.</param>
/// <param name="ReleaseLinkBase">Absolute base URL the release links in descriptions start with (e.g. <c>https://host</c>).</param>
public sealed record IcsFeedContent(
    string Name,
    DateTimeOffset GeneratedAt,
    TimeRange Range,
    IReadOnlyList<IcsBooking> Bookings,
    IReadOnlyList<FreezeRule> Freezes,
    IReadOnlyList<AdHocFreeze> AdHocFreezes,
    string ReleaseLinkBase)
{
    /// <summary>How often subscribers should fetch the feed again (<c>REFRESH-INTERVAL</c>, <c>X-PUBLISHED-TTL</c>).</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromHours(1);
}

/// <param name="Version">The release's version, or null when its record could not be read (the title then omits it).</param>
public sealed record IcsBooking(Booking Booking, string? Version);
