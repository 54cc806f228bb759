using System.Globalization;

namespace ReleasePolicy.Calendar;

/// <summary>
/// The earliest-slot search: pure, deterministic, exact at any resolution. It moves from event to event, and every move
/// is justified (no start between the candidate and the next one can be valid), so the first candidate that passes
/// is the earliest valid start:
/// outside every window → the next window's start; the window closes before the deployment ends → the next window's
/// start after it; a blocking freeze overlaps → the end of the latest-ending one; a booking in one of the release's
/// lanes overlaps → the latest end of the overlapping bookings.
/// </summary>
public static partial class SlotSearch
{
    /// <summary>The most refusals a decision keeps (it counts them all).</summary>
    public const int MaxRefusalsKept = 50;

    /// <summary>
    /// The earliest start ≥ <c>request.NotBefore</c> whose slot [start, start + duration) lies inside one window, passes
    /// every freeze (or holds an allowance for it), and overlaps no booking in the request's lanes; the slot must end by
    /// <paramref name="horizonEnd"/>.
    /// </summary>
    public static SlotDecision FindEarliest(SlotRequest request, CalendarView view, DateTimeOffset horizonEnd)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(view);
        var freezes = FreezeIndex.Blocking(view.Freezes, request);
        var lanes = request.Lanes;
        var refusals = new List<SlotRefusal>();
        var refusalCount = 0;
        var candidate = request.NotBefore;

        while (candidate + request.Duration <= horizonEnd)
        {
            var slot = new TimeRange(candidate, candidate + request.Duration);
            var refusal = WindowRefusal(view, slot)
                ?? FreezeRefusal(freezes, slot)
                ?? ConflictRefusal(view.Bookings, lanes, slot, request.ReleaseId);
            if (refusal is null)
            {
                return new SlotDecision(slot, refusals, refusalCount, Allowances(view.Freezes, request, slot));
            }

            refusalCount++;
            if (refusals.Count < MaxRefusalsKept)
            {
                refusals.Add(refusal);
            }

            // Every refusal moves strictly forward (a window start after the candidate, or the end of something that
            // overlaps it), so the loop ends; DateTimeOffset.MaxValue marks "no further window".
            if (refusal.NextCandidate == DateTimeOffset.MaxValue)
            {
                break;
            }

            candidate = refusal.NextCandidate;
        }

        return new SlotDecision(null, refusals, refusalCount, []);
    }

    /// <summary>Up to <paramref name="count"/> non-overlapping free slots, earliest first (each search starts where the last slot ends).</summary>
    public static IReadOnlyList<TimeRange> FindFree(SlotRequest request, CalendarView view, DateTimeOffset horizonEnd, int count)
    {
        ArgumentNullException.ThrowIfNull(request);
        var slots = new List<TimeRange>();
        var next = request;
        while (slots.Count < count && FindEarliest(next, view, horizonEnd).Slot is { } slot)
        {
            slots.Add(slot);
            // A zero-length slot holds nothing, so the next one would be the same instant: one is all there is to list.
            if (slot.Length == TimeSpan.Zero)
            {
                break;
            }

            next = next with { NotBefore = slot.End };
        }

        return slots;
    }

    private static SlotRefusal? WindowRefusal(CalendarView view, TimeRange slot)
    {
        var windows = view.Windows;
        var index = LastStartingAtOrBefore(windows, slot.Start);
        var subject = view.WindowRules.Count > 0 ? string.Join(", ", view.WindowRules) : "search range";
        if (index >= 0 && windows[index].Contains(slot.Start))
        {
            var window = windows[index];
            if (slot.End <= window.End)
            {
                return null;
            }

            var after = NextStart(windows, index + 1);
            return new SlotRefusal(
                slot.Start, SlotRefusalKind.OutsideWindow, subject,
                $"window {subject} closes at {Format(window.End)}, before the deployment would end at {Format(slot.End)}",
                after);
        }

        var next = NextStart(windows, index + 1);
        return new SlotRefusal(slot.Start, SlotRefusalKind.OutsideWindow, subject, $"outside window {subject}", next);
    }

    private static SlotRefusal? FreezeRefusal(FreezeIndex freezes, TimeRange slot) =>
        freezes.LatestOverlapping(slot) is { } freeze
            ? new SlotRefusal(
                slot.Start, SlotRefusalKind.Freeze, freeze.Freeze,
                $"freeze {freeze.Freeze} ({freeze.Reason}) from {Format(freeze.Range.Start)} to {Format(freeze.Range.End)}",
                freeze.Range.End)
            : null;

    private static SlotRefusal? ConflictRefusal(IBookingTimeline bookings, IReadOnlyList<string> lanes, TimeRange slot, string releaseId) =>
        bookings.LatestOverlapping(lanes, slot, releaseId) is { } booking
            ? new SlotRefusal(
                slot.Start, SlotRefusalKind.Conflict, booking.ReleaseId,
                $"release {booking.ReleaseId} holds {booking.Service} in {booking.Environment} from {Format(booking.Start)} to {Format(booking.End)}",
                booking.End)
            : null;

    /// <summary>The freezes the slot overlaps but may pass, with the kind of allowance (allowed release type first).</summary>
    private static IReadOnlyList<FreezeAllowance> Allowances(IReadOnlyList<FreezeOccurrence> freezes, SlotRequest request, TimeRange slot) =>
        freezes
            .Where(f => f.Range.Overlaps(slot))
            .Select(f => FreezeIndex.AllowanceKind(f, request) is { } kind ? new FreezeAllowance(f.Freeze, f.Reason, kind, f.Range) : null)
            .OfType<FreezeAllowance>()
            .ToList();

    /// <summary>Index of the last window starting at or before <paramref name="instant"/>, or -1.</summary>
    private static int LastStartingAtOrBefore(IReadOnlyList<TimeRange> windows, DateTimeOffset instant)
    {
        int low = 0, high = windows.Count;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (windows[mid].Start <= instant)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low - 1;
    }

    private static DateTimeOffset NextStart(IReadOnlyList<TimeRange> windows, int index) =>
        index < windows.Count ? windows[index].Start : DateTimeOffset.MaxValue;

    private static string Format(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
