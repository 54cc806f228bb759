namespace ReleasePolicy.Calendar;

/// <summary>
/// Everything the slot search looks at for one release over one range: the merged deployment windows (UTC, sorted,
/// non-overlapping; the whole range when no window rule applies), the freeze occurrences in its scope (sorted by
/// start), and the bookings of its lanes.
/// </summary>
/// <param name="WindowRules">Names of the window rules that apply (for refusal reasons); empty when any time is allowed.</param>
public sealed record CalendarView(
    IReadOnlyList<TimeRange> Windows,
    IReadOnlyList<string> WindowRules,
    IReadOnlyList<FreezeOccurrence> Freezes,
    IBookingTimeline Bookings);

/// <summary>Bookings indexed by time, so the search never scans the whole calendar.</summary>
public interface IBookingTimeline
{
    /// <summary>
    /// Of the bookings in any of <paramref name="lanes"/> that overlap <paramref name="range"/> (other than
    /// <paramref name="excludeRelease"/>'s own), the one that ends last; null when none overlaps.
    /// </summary>
    Booking? LatestOverlapping(IReadOnlyList<string> lanes, TimeRange range, string? excludeRelease);

    /// <summary>Every booking overlapping <paramref name="range"/>, by start (for the calendar API).</summary>
    IReadOnlyList<Booking> Overlapping(TimeRange range);
}
