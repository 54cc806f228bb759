namespace ReleasePolicy.Calendar;

/// <summary>
/// Bookings indexed per lane by start, with a running "ends last" over each prefix, so
/// <see cref="LatestOverlapping"/> costs one binary search per lane: among the bookings that start before the range
/// ends, the one ending last overlaps the range exactly when it ends after the range starts.
/// </summary>
public sealed class BookingTimeline : IBookingTimeline
{
    private readonly Dictionary<string, Lane> lanes = new(StringComparer.Ordinal);
    private readonly Booking[] byStart;

    /// <param name="bookings">Zero-length bookings (ungoverned, immediate releases) hold nothing and are left out.</param>
    public BookingTimeline(IEnumerable<Booking> bookings)
    {
        ArgumentNullException.ThrowIfNull(bookings);
        this.byStart = bookings.Where(b => b.Start < b.End).ToArray();
        Array.Sort(this.byStart, ByStart);
        // One pass over the sorted bookings keeps every lane sorted too (Booking.Lanes builds a list: ask once each).
        var perLane = new Dictionary<string, List<Booking>>(StringComparer.Ordinal);
        foreach (var booking in this.byStart)
        {
            foreach (var lane in booking.Lanes)
            {
                if (!perLane.TryGetValue(lane, out var list))
                {
                    perLane[lane] = list = [];
                }

                list.Add(booking);
            }
        }

        foreach (var (lane, list) in perLane)
        {
            this.lanes[lane] = new Lane([.. list]);
        }
    }

    public static BookingTimeline Empty { get; } = new([]);

    public Booking? LatestOverlapping(IReadOnlyList<string> lanes, TimeRange range, string? excludeRelease)
    {
        ArgumentNullException.ThrowIfNull(lanes);
        Booking? latest = null;
        foreach (var name in lanes)
        {
            if (this.lanes.TryGetValue(name, out var lane) && lane.LatestOverlapping(range, excludeRelease) is { } found && IsLater(found, latest))
            {
                latest = found;
            }
        }

        return latest;
    }

    public IReadOnlyList<Booking> Overlapping(TimeRange range)
    {
        var count = StartsBefore(this.byStart, range.End);
        return this.byStart.Take(count).Where(b => b.End > range.Start).ToList();
    }

    private static int ByStart(Booking a, Booking b)
    {
        var byTime = a.Start.UtcTicks.CompareTo(b.Start.UtcTicks);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.ReleaseId, b.ReleaseId);
    }

    private static bool IsLater(Booking candidate, Booking? current) =>
        current is null || candidate.End > current.End
        || (candidate.End == current.End && string.CompareOrdinal(candidate.ReleaseId, current.ReleaseId) < 0);

    /// <summary>How many of the (start-sorted) bookings start before <paramref name="instant"/>.</summary>
    private static int StartsBefore(Booking[] sorted, DateTimeOffset instant)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (sorted[mid].Start < instant)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    /// <summary>
    /// One lane's bookings by start, with, for every prefix, the booking ending last and the one ending last among
    /// the other releases (so excluding the searching release's own booking stays O(log n)).
    /// </summary>
    private sealed class Lane
    {
        private readonly Booking[] sorted;
        private readonly Booking[] best;
        private readonly Booking?[] bestOfOthers;

        public Lane(Booking[] sorted)
        {
            this.sorted = sorted;
            this.best = new Booking[sorted.Length];
            this.bestOfOthers = new Booking?[sorted.Length];
            Booking? first = null;
            Booking? second = null;
            for (var i = 0; i < sorted.Length; i++)
            {
                var booking = sorted[i];
                if (IsLater(booking, first))
                {
                    if (first is not null && !string.Equals(first.ReleaseId, booking.ReleaseId, StringComparison.Ordinal))
                    {
                        second = first;
                    }

                    first = booking;
                }
                else if (!string.Equals(first!.ReleaseId, booking.ReleaseId, StringComparison.Ordinal) && IsLater(booking, second))
                {
                    second = booking;
                }

                this.best[i] = first;
                this.bestOfOthers[i] = second;
            }
        }

        public Booking? LatestOverlapping(TimeRange range, string? excludeRelease)
        {
            var count = StartsBefore(this.sorted, range.End);
            if (count == 0)
            {
                return null;
            }

            var candidate = this.best[count - 1];
            var found = string.Equals(candidate.ReleaseId, excludeRelease, StringComparison.Ordinal) ? this.bestOfOthers[count - 1] : candidate;
            return found is not null && found.End > range.Start ? found : null;
        }
    }
}
