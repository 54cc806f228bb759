using ReleasePolicy.Calendar;
using ReleasePolicy.Functions.Triggers.Releases;
using ReleasePolicy.Policy;

namespace ReleasePolicy.Functions.Triggers.Calendar;

/// <summary>The answer of <c>GET /api/calendar</c>: bookings, windows and freezes in [from, to).</summary>
/// <param name="Windows">Null when no environment was named (windows are per environment).</param>
public sealed record CalendarResponse(
    string? Environment,
    string? Service,
    DateTimeOffset From,
    DateTimeOffset To,
    bool Governed,
    IReadOnlyList<BookingView> Bookings,
    WindowsView? Windows,
    IReadOnlyList<FreezeView> Freezes);

public sealed record BookingView(string ReleaseId, string Service, string Environment, IReadOnlyList<string> Resources, DateTimeOffset Start, DateTimeOffset End, int Attempt, string Link)
{
    public static BookingView From(Booking booking)
    {
        ArgumentNullException.ThrowIfNull(booking);
        return new(booking.ReleaseId, booking.Service, booking.Environment, booking.Resources, booking.Start, booking.End, booking.Attempt, ReleaseRoutes.StatusUrl(booking.ReleaseId));
    }
}

/// <summary>
/// The deployment windows for one release type (<see cref="ReleaseType"/>): the rules that apply (the most specific
/// ones), their UTC intervals in the range, and every window rule of the environment so the type-specific ones show.
/// </summary>
/// <param name="AnyTime">No rule restricts this type here (no rule matches, or an any-time rule applies).</param>
public sealed record WindowsView(ReleaseType ReleaseType, IReadOnlyList<string> AppliedRules, bool AnyTime, IReadOnlyList<IntervalView> Intervals, IReadOnlyList<WindowRuleView> Rules);

public sealed record IntervalView(DateTimeOffset Start, DateTimeOffset End)
{
    public static IntervalView From(TimeRange range) => new(range.Start, range.End);
}

public sealed record WindowRuleView(
    string Name, IReadOnlyList<string> Services, IReadOnlyList<string> Tiers, IReadOnlyList<ReleaseType> ReleaseTypes, string? TimeZone, IReadOnlyList<string> Periods, bool AnyTime)
{
    public static WindowRuleView From(DeploymentWindowRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return new(rule.Name, rule.Services, rule.Tiers, rule.ReleaseTypes, rule.AnyTime ? null : rule.TimeZone, rule.AnyTime ? [] : rule.Periods.Select(p => p.Text).ToArray(), rule.AnyTime);
    }
}

public sealed record FreezeView(string Name, string Reason, DateTimeOffset Start, DateTimeOffset End, IReadOnlyList<ReleaseType> AllowedReleaseTypes, bool Overridable, bool AdHoc)
{
    public static FreezeView From(FreezeOccurrence occurrence)
    {
        ArgumentNullException.ThrowIfNull(occurrence);
        return new(occurrence.Freeze, occurrence.Reason, occurrence.Range.Start, occurrence.Range.End, occurrence.AllowedReleaseTypes, occurrence.Overridable, occurrence.AdHoc);
    }
}

/// <summary>The answer of <c>GET /api/calendar/slots</c>: the next free slots and why earlier starts were refused.</summary>
public sealed record SlotsResponse(
    string Environment,
    string Service,
    ReleaseType ReleaseType,
    string Duration,
    DateTimeOffset After,
    DateTimeOffset Horizon,
    bool Governed,
    IReadOnlyList<IntervalView> Slots,
    IReadOnlyList<string> WindowRules,
    IReadOnlyList<string> Resources,
    IReadOnlyList<SlotRefusal> RefusedBeforeFirst,
    int RefusedBeforeFirstCount,
    IReadOnlyList<FreezeAllowance> FirstSlotAllowances);
