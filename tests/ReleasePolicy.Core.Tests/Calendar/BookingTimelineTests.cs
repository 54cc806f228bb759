using CsCheck;
using ReleasePolicy.Calendar;
using static ReleasePolicy.Core.Tests.Calendar.Cal;

namespace ReleasePolicy.Core.Tests.Calendar;

public class BookingTimelineTests
{
    private static readonly DateTimeOffset T0 = Utc(2026, 12, 1);
    private static readonly string[] ServiceLane = [BookingLanes.ServiceLane(Env, Service)];

    [Fact]
    public void LatestOverlapping_ExcludedReleaseEndsLast_ReturnsLatestOfOthers()
    {
        var timeline = new BookingTimeline(
        [
            Booking("a", T0, TimeSpan.FromHours(2)),
            Booking("me", T0.AddMinutes(10), TimeSpan.FromHours(5)),
            Booking("b", T0.AddMinutes(20), TimeSpan.FromHours(3)),
        ]);

        Assert.Equal("me", timeline.LatestOverlapping(ServiceLane, Range(T0.AddHours(1), T0.AddHours(2)), null)?.ReleaseId);
        Assert.Equal("b", timeline.LatestOverlapping(ServiceLane, Range(T0.AddHours(1), T0.AddHours(2)), "me")?.ReleaseId);
        Assert.Null(timeline.LatestOverlapping(ServiceLane, Range(T0.AddHours(4), T0.AddHours(6)), "me"));
    }

    [Fact]
    public void LatestOverlapping_TouchingOrOtherLane_IsNotAConflict()
    {
        var timeline = new BookingTimeline([Booking("a", T0, TimeSpan.FromHours(1)), Booking("c", T0, TimeSpan.FromHours(9), service: "catalog-web")]);

        Assert.Null(timeline.LatestOverlapping(ServiceLane, Range(T0.AddHours(1), T0.AddHours(2)), null));
        Assert.Null(timeline.LatestOverlapping(ServiceLane, Range(T0.AddHours(-1), T0), null));
    }

    [Fact]
    public void ZeroLengthBookings_HoldNothing()
    {
        var timeline = new BookingTimeline([Booking("ungoverned", T0.AddMinutes(30), TimeSpan.Zero)]);

        Assert.Null(timeline.LatestOverlapping(ServiceLane, Range(T0, T0.AddHours(1)), null));
        Assert.Empty(timeline.Overlapping(Range(T0, T0.AddHours(1))));
    }

    [Fact]
    public void Overlapping_ReturnsEveryLaneByStart()
    {
        var timeline = new BookingTimeline(
        [
            Booking("late", T0.AddHours(3), TimeSpan.FromHours(1)),
            Booking("early", T0, TimeSpan.FromHours(1), service: "orders-api"),
            Booking("out", T0.AddHours(5), TimeSpan.FromHours(1)),
        ]);

        Assert.Equal(["early", "late"], timeline.Overlapping(Range(T0.AddMinutes(30), T0.AddHours(5))).Select(b => b.ReleaseId));
    }
}

/// <summary>The O(log n) index against the plain definition: random bookings, lanes, query ranges and exclusions.</summary>
public class BookingTimelinePropertyTests
{
    private static readonly DateTimeOffset T0 = Utc(2026, 12, 1);
    private static readonly string[] Services = [Service, "orders-api", "catalog-web"];

    [Fact]
    public void LatestOverlapping_MatchesScanOfAllBookings()
    {
        var bookingGen = Gen.Select(Gen.Int[0, 4], Gen.Int[0, 2], Gen.Bool, Gen.Int[0, 200], Gen.Int[0, 30])
            .Select((release, service, shared, start, length) =>
                Booking($"r{release}", T0.AddMinutes(start), TimeSpan.FromMinutes(length), Services[service], shared ? ["db"] : []));
        var queryGen = Gen.Select(Gen.Int[0, 2], Gen.Bool, Gen.Int[-10, 230], Gen.Int[0, 40], Gen.Int[0, 5]);

        Gen.Select(bookingGen.Array[0, 25], queryGen).Sample(
            (bookings, query) =>
            {
                var (service, shared, start, length, exclude) = query;
                string[] lanes = [.. BookingLanes.For(Env, Services[service], shared ? ["db"] : [])];
                var range = Range(T0.AddMinutes(start), T0.AddMinutes(start + length));
                var excluded = exclude < 5 ? $"r{exclude}" : null;

                var found = new BookingTimeline(bookings).LatestOverlapping(lanes, range, excluded);

                var candidates = bookings.Where(b => b.Start < b.End && b.ReleaseId != excluded && b.Lanes.Intersect(lanes).Any() && b.Range.Overlaps(range)).ToList();
                if (candidates.Count == 0)
                {
                    Assert.Null(found);
                }
                else
                {
                    Assert.NotNull(found);
                    Assert.Contains(found, candidates);
                    Assert.Equal(candidates.Max(b => b.End), found.End);
                }
            },
            iter: 2000);
    }
}
