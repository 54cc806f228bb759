using ReleasePolicy.Calendar;
using ReleasePolicy.Policy;
using static ReleasePolicy.Core.Tests.Calendar.Cal;

namespace ReleasePolicy.Core.Tests.Calendar;

/// <summary>Window rules → UTC intervals: rule selection, midnight crossing, merging, and the daylight-saving rules.</summary>
public class WindowCalendarTests
{
    private static IReadOnlyList<TimeRange> OnDay(string zone, WeeklyPeriod period, DateTimeOffset dayStartUtc) =>
        WindowCalendar.Expand([Window("w", zone, [period])], Range(dayStartUtc.AddHours(-18), dayStartUtc.AddHours(42)));

    [Theory]
    // Europe/London, spring forward 2026-03-29 01:00 GMT → 02:00 BST: 01:00-03:00 starts at the gap's end (02:00 BST).
    [InlineData("Europe/London", 2026, 3, 29, 1, 3, "2026-03-29T01:00Z", "2026-03-29T02:00Z")]
    [InlineData("Europe/London", 2026, 3, 29, 9, 16, "2026-03-29T08:00Z", "2026-03-29T15:00Z")]
    // Fall back 2026-10-25 02:00 BST → 01:00 GMT: an ambiguous 01:00 start is the first (BST), the window is 3 real hours.
    [InlineData("Europe/London", 2026, 10, 25, 1, 3, "2026-10-25T00:00Z", "2026-10-25T03:00Z")]
    [InlineData("Europe/London", 2026, 10, 25, 9, 16, "2026-10-25T09:00Z", "2026-10-25T16:00Z")]
    // America/New_York, spring forward 2026-03-08 02:00 EST → 03:00 EDT.
    [InlineData("America/New_York", 2026, 3, 8, 1, 3, "2026-03-08T06:00Z", "2026-03-08T07:00Z")]
    [InlineData("America/New_York", 2026, 3, 8, 2, 4, "2026-03-08T07:00Z", "2026-03-08T08:00Z")]
    [InlineData("America/New_York", 2026, 3, 8, 9, 16, "2026-03-08T13:00Z", "2026-03-08T20:00Z")]
    // Fall back 2026-11-01 02:00 EDT → 01:00 EST.
    [InlineData("America/New_York", 2026, 11, 1, 1, 3, "2026-11-01T05:00Z", "2026-11-01T08:00Z")]
    [InlineData("America/New_York", 2026, 11, 1, 9, 16, "2026-11-01T14:00Z", "2026-11-01T21:00Z")]
    // Australia/Sydney, fall back 2026-04-05 03:00 AEDT → 02:00 AEST (southern hemisphere: April).
    [InlineData("Australia/Sydney", 2026, 4, 5, 1, 3, "2026-04-04T14:00Z", "2026-04-04T17:00Z")]
    [InlineData("Australia/Sydney", 2026, 4, 5, 9, 16, "2026-04-04T23:00Z", "2026-04-05T06:00Z")]
    // Spring forward 2026-10-04 02:00 AEST → 03:00 AEDT.
    [InlineData("Australia/Sydney", 2026, 10, 4, 1, 3, "2026-10-03T15:00Z", "2026-10-03T16:00Z")]
    [InlineData("Australia/Sydney", 2026, 10, 4, 2, 4, "2026-10-03T16:00Z", "2026-10-03T17:00Z")]
    [InlineData("Australia/Sydney", 2026, 10, 4, 9, 16, "2026-10-03T22:00Z", "2026-10-04T05:00Z")]
    public void Expand_ChangeDay_FollowsGapAndAmbiguityRules(string zone, int year, int month, int day, int fromHour, int toHour, string start, string end)
    {
        var local = new DateTimeOffset(year, month, day, 0, 0, 0, TimeSpan.Zero);

        var windows = OnDay(zone, Hours(fromHour, toHour, local.DayOfWeek), local);

        Assert.Equal([Range(DateTimeOffset.Parse(start, null), DateTimeOffset.Parse(end, null))], windows);
    }

    [Fact]
    public void Expand_AmbiguousEnd_TakesTheSecondOccurrence()
    {
        // London 2026-10-25 00:00-01:30: 00:00 BST (23:00Z the day before) to the second 01:30, which is GMT.
        var windows = OnDay("Europe/London", Period(0, 90, DayOfWeek.Sunday), Utc(2026, 10, 25));

        Assert.Equal([Range(Utc(2026, 10, 24, 23), Utc(2026, 10, 25, 1, 30))], windows);
    }

    [Fact]
    public void Expand_SydneyAmbiguousStartAndEnd_NeitherLosesNorDoubles()
    {
        // 02:00-02:30 local on 2026-04-05 occurs twice; the window runs from the first 02:00 to the second 02:30.
        var windows = OnDay("Australia/Sydney", Period(120, 150, DayOfWeek.Sunday), Utc(2026, 4, 5));

        Assert.Equal([Range(Utc(2026, 4, 4, 15), Utc(2026, 4, 4, 16, 30))], windows);
    }

    [Fact]
    public void Expand_PeriodWhollyInGap_IsEmpty()
    {
        // 01:15-01:45 does not exist in London on 2026-03-29: both ends move to the gap's end.
        var windows = OnDay("Europe/London", Period(75, 105, DayOfWeek.Sunday), Utc(2026, 3, 29));

        Assert.Empty(windows);
    }

    [Fact]
    public void Expand_WeekAcrossSpringForward_KeepsWallClockEveryDay()
    {
        var rule = Window("weekdays", "Europe/London", [Hours(9, 16, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday, DayOfWeek.Monday)]);

        var windows = WindowCalendar.Expand([rule], Range(Utc(2026, 3, 27), Utc(2026, 3, 31)));

        Assert.Equal(
            [
                Range(Utc(2026, 3, 27, 9), Utc(2026, 3, 27, 16)),
                Range(Utc(2026, 3, 28, 9), Utc(2026, 3, 28, 16)),
                Range(Utc(2026, 3, 29, 8), Utc(2026, 3, 29, 15)),
                Range(Utc(2026, 3, 30, 8), Utc(2026, 3, 30, 15)),
            ],
            windows);
    }

    [Fact]
    public void Expand_PeriodEndingNotAfterStart_RunsIntoNextDay()
    {
        var rule = Window("late", "UTC", [Hours(22, 2, DayOfWeek.Friday)]);

        var windows = WindowCalendar.Expand([rule], Range(Utc(2026, 12, 1), Utc(2026, 12, 8)));

        Assert.Equal([Range(Utc(2026, 12, 4, 22), Utc(2026, 12, 5, 2))], windows);
    }

    [Fact]
    public void Expand_AdjacentPeriodsAndRules_AreMerged()
    {
        var monday = Window("mon", "UTC", [Period(0, 1440, DayOfWeek.Monday)]);
        var tuesday = Window("tue", "UTC", [Hours(0, 12, DayOfWeek.Tuesday), Hours(6, 14, DayOfWeek.Tuesday)]);

        var windows = WindowCalendar.Expand([monday, tuesday], Range(Utc(2026, 11, 30), Utc(2026, 12, 7)));

        Assert.Equal([Range(Utc(2026, 11, 30), Utc(2026, 12, 1, 14))], windows);
    }

    [Fact]
    public void Expand_ClipsToRange()
    {
        var rule = Window("day", "UTC", [Hours(9, 17)]);

        var windows = WindowCalendar.Expand([rule], Range(Utc(2026, 12, 1, 12), Utc(2026, 12, 2, 10)));

        Assert.Equal([Range(Utc(2026, 12, 1, 12), Utc(2026, 12, 1, 17)), Range(Utc(2026, 12, 2, 9), Utc(2026, 12, 2, 10))], windows);
    }

    [Fact]
    public void Expand_NoRulesOrAnyTime_IsWholeRange()
    {
        var range = Range(Utc(2026, 12, 1), Utc(2026, 12, 3));
        var anyTime = Window("any", "UTC", [], anyTime: true);
        var narrow = Window("narrow", "UTC", [Hours(9, 10)]);

        Assert.Equal([range], WindowCalendar.Expand([], range));
        Assert.Equal([range], WindowCalendar.Expand([narrow, anyTime], range));
    }

    [Fact]
    public void RulesFor_MostSpecificScoreWins_AndItsRulesAreUnited()
    {
        var envOnly = Window("env", "UTC", [Hours(9, 16)]);
        var tier = Window("tier", "UTC", [Hours(9, 12)], tiers: ["tier-0"]);
        var service = Window("service", "UTC", [Hours(10, 11)], services: [Service]);
        var service2 = Window("service-2", "UTC", [Hours(13, 14)], services: [Service, "orders-api"]);
        var emergency = Window("emergency", "UTC", [], types: [ReleaseType.Emergency], anyTime: true);
        var otherEnv = Window("staging", "UTC", [Hours(0, 1)], types: [ReleaseType.Major], services: [Service], environment: "staging");
        var calendar = Cal.Policy([envOnly, tier, service, service2, emergency, otherEnv]);

        Assert.Equal(["service", "service-2"], Names(WindowCalendar.RulesFor(calendar, Env, Service, "tier-0", ReleaseType.Major)));
        Assert.Equal(["emergency"], Names(WindowCalendar.RulesFor(calendar, Env, Service, "tier-0", ReleaseType.Emergency)));
        Assert.Equal(["tier"], Names(WindowCalendar.RulesFor(calendar, Env, "catalog-web", "tier-0", ReleaseType.Major)));
        Assert.Equal(["env"], Names(WindowCalendar.RulesFor(calendar, Env, "catalog-web", "tier-2", ReleaseType.Major)));
        Assert.Equal(["env"], Names(WindowCalendar.RulesFor(calendar, Env, "unknown", null, ReleaseType.Minor)));
        Assert.Empty(WindowCalendar.RulesFor(calendar, "development", Service, "tier-0", ReleaseType.Major));
    }

    private static string[] Names(IReadOnlyList<DeploymentWindowRule> rules) => rules.Select(r => r.Name).ToArray();
}
