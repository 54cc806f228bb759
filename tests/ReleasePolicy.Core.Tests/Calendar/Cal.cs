using ReleasePolicy.Calendar;
using ReleasePolicy.Policy;

namespace ReleasePolicy.Core.Tests.Calendar;

/// <summary>Builds calendar policy records directly (the YAML parser is tested elsewhere), in the tests' vocabulary.</summary>
internal static class Cal
{
    public const string Env = "production";
    public const string Service = "payments-api";

    public static readonly DayOfWeek[] EveryDay = Enum.GetValues<DayOfWeek>();

    public static DateTimeOffset Utc(int year, int month, int day, int hour = 0, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    public static TimeRange Range(DateTimeOffset start, DateTimeOffset end) => new(start, end);

    public static WeeklyPeriod Period(int fromMinute, int toMinute, params DayOfWeek[] days) =>
        new(days.Length == 0 ? EveryDay : days, fromMinute, toMinute, $"{fromMinute}-{toMinute}");

    public static WeeklyPeriod Hours(int fromHour, int toHour, params DayOfWeek[] days) => Period(fromHour * 60, toHour * 60, days);

    public static DeploymentWindowRule Window(
        string name, string zone, IReadOnlyList<WeeklyPeriod> periods, IReadOnlyList<string>? services = null, IReadOnlyList<string>? tiers = null,
        IReadOnlyList<ReleaseType>? types = null, bool anyTime = false, string environment = Env) =>
        new(name, [environment], services ?? [], tiers ?? [], types ?? [], zone, periods, anyTime);

    public static FreezeRule OneOff(
        string name, DateTimeOffset start, DateTimeOffset end, IReadOnlyList<ReleaseType>? allowed = null, bool overridable = false,
        IReadOnlyList<string>? services = null, IReadOnlyList<string>? tiers = null) =>
        new(name, name + " reason", [Env], services ?? [], tiers ?? [], allowed ?? [], overridable, start, end, null, null, null, null);

    public static FreezeRule Recurring(
        string name, string zone, DateTime localStart, string rrule, TimeSpan duration, IReadOnlyList<ReleaseType>? allowed = null, bool overridable = false) =>
        new(name, name + " reason", [Env], [], [], allowed ?? [], overridable, null, null, zone, localStart, rrule, duration);

    public static AdHocFreeze AdHoc(string id, DateTimeOffset start, DateTimeOffset end, IReadOnlyList<ReleaseType>? allowed = null) =>
        new(id, "incident", start, end, [Env], [], [], allowed ?? [], "olivia", start);

    public static CalendarPolicy Policy(
        IReadOnlyList<DeploymentWindowRule>? windows = null, IReadOnlyList<FreezeRule>? freezes = null, IReadOnlyList<SharedResource>? resources = null) =>
        new(windows ?? [], freezes ?? [], resources ?? [], new DeploymentDurations(TimeSpan.FromMinutes(30), new Dictionary<ReleaseType, TimeSpan>(), TimeSpan.FromHours(8)), SchedulingLimits.Default);

    public static PolicyDocument Document(CalendarPolicy calendar) => SamplePolicy.Load() with { Calendar = calendar };

    public static SlotRequest Request(
        DateTimeOffset notBefore, TimeSpan duration, ReleaseType type = ReleaseType.Major, IReadOnlyList<string>? resources = null,
        bool overrideFreezes = false, string releaseId = "me", string service = Service, string? tier = "tier-0") =>
        new(releaseId, Env, service, tier, type, duration, notBefore, resources ?? [], overrideFreezes);

    public static Booking Booking(string releaseId, DateTimeOffset start, TimeSpan length, string service = Service, IReadOnlyList<string>? resources = null, string environment = Env) =>
        new(releaseId, environment, service, resources ?? [], start, start + length, 0);

    public static CalendarView View(
        CalendarPolicy calendar, SlotRequest request, TimeRange range, IEnumerable<Booking>? bookings = null, IEnumerable<AdHocFreeze>? adHoc = null) =>
        CalendarViews.Build(Document(calendar), request, adHoc ?? [], new BookingTimeline(bookings ?? []), range);
}
