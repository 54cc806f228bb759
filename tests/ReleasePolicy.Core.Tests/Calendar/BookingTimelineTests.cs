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
