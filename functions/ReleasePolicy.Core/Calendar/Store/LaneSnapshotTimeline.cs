namespace ReleasePolicy.Calendar.Store;

/// <summary>
/// The bookings read from a few lanes over one range: a plain list, since a snapshot holds only the lanes of one
/// release near its search range. (The engine's indexed <c>BookingTimeline</c> can take its place.)
/// </summary>
internal sealed class LaneSnapshotTimeline(IEnumerable<Booking> bookings) : IBookingTimeline
{
    private readonly Booking[] bookings = [.. bookings.OrderBy(b => b.Start).ThenBy(b => b.ReleaseId, StringComparer.Ordinal)];

    public Booking? LatestOverlapping(IReadOnlyList<string> lanes, TimeRange range, string? excludeRelease)
    {
        ArgumentNullException.ThrowIfNull(lanes);
        Booking? latest = null;
        foreach (Booking booking in this.bookings)
        {
            if (booking.ReleaseId != excludeRelease
                && booking.Range.Overlaps(range)
                && booking.Lanes.Any(lanes.Contains)
                && (latest is null || booking.End > latest.End))
            {
                latest = booking;
            }
        }

        return latest;
    }

    public IReadOnlyList<Booking> Overlapping(TimeRange range) => [.. this.bookings.Where(b => b.Range.Overlaps(range))];
}
