using ReleasePolicy.Policy;

namespace ReleasePolicy.Calendar;

/// <summary>Builds the <see cref="CalendarView"/> one release's search looks at (pure: the caller brings the bookings and ad-hoc freezes).</summary>
public static class CalendarViews
{
    /// <param name="range">Usually from the request's not-before to the search horizon.</param>
    public static CalendarView Build(PolicyDocument policy, SlotRequest request, IEnumerable<AdHocFreeze> adHoc, IBookingTimeline bookings, TimeRange range)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(request);
        var calendar = policy.Calendar;
        var rules = WindowCalendar.RulesFor(calendar, request.Environment, request.Service, request.Tier, request.Type);
        var windows = WindowCalendar.Expand(rules, range);
        // Refusals name the rules only when they restrict (no rule or an any-time rule: the whole range is open).
        IReadOnlyList<string> names = rules.Any(r => r.AnyTime) ? [] : rules.Select(r => r.Name).ToList();
        var freezes = FreezeCalendar.Expand(calendar, adHoc, request.Environment, request.Service, request.Tier, range);
        return new CalendarView(windows, names, freezes, bookings);
    }
}
