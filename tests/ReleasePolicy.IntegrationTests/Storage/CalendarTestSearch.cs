using ReleasePolicy.Calendar;

namespace ReleasePolicy.IntegrationTests.Storage;

/// <summary>
/// The store tests' stand-in for the engine's slot search: the earliest start ≥ not-before that overlaps no booking
/// in the request's lanes (no windows, no freezes), jumping to the latest end of what overlaps.
/// </summary>
internal static class CalendarTestSearch
{
    public static Func<IBookingTimeline, SlotDecision> EarliestFree(SlotRequest request) => timeline =>
    {
        DateTimeOffset start = request.NotBefore;
        var refusals = new List<SlotRefusal>();
        while (timeline.LatestOverlapping(request.Lanes, new TimeRange(start, start + request.Duration), request.ReleaseId) is { } clash)
        {
            refusals.Add(new SlotRefusal(start, SlotRefusalKind.Conflict, clash.ReleaseId, $"Overlaps {clash.ReleaseId}.", clash.End));
            start = clash.End;
        }

        return new SlotDecision(new TimeRange(start, start + request.Duration), refusals, refusals.Count, []);
    };

    public static Func<IBookingTimeline, SlotDecision> NoSlot { get; } = _ => new SlotDecision(null, [], 0, []);
}
