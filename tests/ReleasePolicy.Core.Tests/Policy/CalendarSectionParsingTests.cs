using System.Text.Json;
using ReleasePolicy.Policy;
using ReleasePolicy.Testing;
using static ReleasePolicy.Core.Tests.Policy.PolicyText;

namespace ReleasePolicy.Core.Tests.Policy;

/// <summary>The <c>calendar</c> section: windows, freezes, shared resources, durations, limits, override, sign-off.</summary>
public sealed class CalendarSectionParsingTests
{
    private const string Minimal = "calendar:\n  durations: { default: PT30M }\n";

    private static string Calendar(string body) => TestPolicies.WithCalendar(Minimal + body);

    [Fact]
    public void Parse_Sample_ReadsWindowsWithTheirPeriodsAndZones()
    {
        CalendarPolicy calendar = SamplePolicy.Load().Calendar;

        Assert.True(calendar.Governed);
        Assert.Equal(["production-weekdays", "tier-0-mornings", "emergency-any-time"], calendar.Windows.Select(w => w.Name));
        DeploymentWindowRule weekdays = calendar.Windows[0];
        Assert.Equal(["production"], weekdays.Environments);
        Assert.Equal("Europe/London", weekdays.TimeZone);
        WeeklyPeriod period = Assert.Single(weekdays.Periods);
        Assert.Equal([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday], period.Days);
        Assert.Equal((9 * 60, 16 * 60), (period.FromMinute, period.ToMinute));
        Assert.Equal(["tier-0"], calendar.Windows[1].Tiers);
        Assert.Equal((9 * 60, 12 * 60), (calendar.Windows[1].Periods[0].FromMinute, calendar.Windows[1].Periods[0].ToMinute));
        DeploymentWindowRule emergency = calendar.Windows[2];
        Assert.True(emergency.AnyTime);
        Assert.Equal([ReleaseType.Emergency], emergency.ReleaseTypes);
        Assert.Empty(emergency.Periods);
    }

    [Fact]
    public void Parse_Sample_ReadsRecurringAndOneOffFreezes()
    {
        CalendarPolicy calendar = SamplePolicy.Load().Calendar;

        Assert.Equal(["quarter-end-close", "holiday-season", "db-cluster-maintenance"], calendar.Freezes.Select(f => f.Name));
        FreezeRule quarterEnd = calendar.Freezes[0];
        Assert.True(quarterEnd.IsRecurring);
        Assert.Equal("America/New_York", quarterEnd.TimeZone);
        Assert.Equal(new DateTime(2026, 3, 29, 0, 0, 0, DateTimeKind.Unspecified), quarterEnd.LocalStart);
        Assert.Equal(DateTimeKind.Unspecified, quarterEnd.LocalStart!.Value.Kind);
        Assert.Equal("FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=-3", quarterEnd.RecurrenceRule);
        Assert.Equal(TimeSpan.FromDays(3), quarterEnd.Duration);
        Assert.Equal([ReleaseType.Emergency], quarterEnd.AllowedReleaseTypes);
        Assert.True(quarterEnd.Overridable);
        Assert.Equal(["payments-api", "orders-api"], quarterEnd.Services);

        FreezeRule holiday = calendar.Freezes[1];
        Assert.False(holiday.IsRecurring);
        Assert.False(holiday.Overridable);
        Assert.Equal(new DateTimeOffset(2026, 12, 18, 0, 0, 0, TimeSpan.Zero), holiday.Start);
        Assert.Equal(new DateTimeOffset(2027, 1, 4, 0, 0, 0, TimeSpan.Zero), holiday.End);
        Assert.Null(holiday.Duration);

        FreezeRule maintenance = calendar.Freezes[2];
        Assert.Equal("FREQ=MONTHLY;BYDAY=1SA", maintenance.RecurrenceRule);
        Assert.Equal(TimeSpan.FromHours(6), maintenance.Duration);
        Assert.Equal(new DateTime(2026, 1, 3, 22, 0, 0, DateTimeKind.Unspecified), maintenance.LocalStart);
    }

    [Fact]
    public void Parse_Sample_ReadsResourcesDurationsLimitsOverrideAndSignOff()
    {
        CalendarPolicy calendar = SamplePolicy.Load().Calendar;

        SharedResource resource = Assert.Single(calendar.SharedResources);
        Assert.Equal("payments-db-cluster", resource.Name);
        Assert.Equal(["payments-api", "orders-api"], resource.Services);
        Assert.Equal(TimeSpan.FromMinutes(30), calendar.Durations.For(ReleaseType.Minor));
        Assert.Equal(TimeSpan.FromHours(2), calendar.Durations.For(ReleaseType.Major));
        Assert.Equal(TimeSpan.FromMinutes(20), calendar.Durations.For(ReleaseType.Emergency));
        Assert.Equal(TimeSpan.FromHours(8), calendar.Durations.Max);
        Assert.Equal(new SchedulingLimits(3, TimeSpan.FromDays(90), TimeSpan.FromDays(14), TimeSpan.FromMinutes(5), TimeSpan.FromDays(2)), calendar.Limits);
        Assert.Equal(["release-managers"], calendar.FreezeOverrideBy);
        DependencySignOff signOff = calendar.DependencySignOff!;
        Assert.Equal([ReleaseType.Major], signOff.ReleaseTypes);
        Assert.Equal("dependents", signOff.Tier.Name);
        Assert.Equal(1, signOff.Tier.Quorum);
        Assert.Empty(signOff.Tier.Groups);
        Assert.Empty(signOff.Tier.Users);
        Assert.Equal([TimeSpan.FromHours(4)], signOff.Tier.Sla.Reminders);
        Assert.Equal(new TierTimeout(TimeSpan.FromDays(2), TimeoutOutcome.Reject, null), signOff.Tier.Timeout);
    }

    [Fact]
    public void Parse_Sample_HasCalendarControl()
    {
        ComplianceControl control = Assert.Single(SamplePolicy.Load().Controls, c => c.Id == "RP-13");

        Assert.Equal(ControlKind.ApprovalRule, control.Kind);
        Assert.Equal("calendar", control.AppliesTo);
    }

    [Fact]
    public void Parse_WithoutCalendarSection_IsUngoverned()
    {
        PolicyDocument policy = Valid(TestPolicies.SampleWithoutCalendar);

        Assert.Same(CalendarPolicy.Ungoverned, policy.Calendar);
        Assert.False(policy.Calendar.Governed);
        Assert.Equal(TimeSpan.Zero, policy.Calendar.Durations.For(ReleaseType.Major));
    }

    [Fact]
    public void Parse_MinimalCalendar_IsGovernedWithDefaultLimitsAndNoWindows()
    {
        CalendarPolicy calendar = Valid(Calendar(string.Empty)).Calendar;

        Assert.True(calendar.Governed);
        Assert.Empty(calendar.Windows);
        Assert.Empty(calendar.Freezes);
        Assert.Equal(SchedulingLimits.Default, calendar.Limits);
        Assert.Equal(TimeSpan.FromMinutes(30), calendar.Durations.Max);
        Assert.Null(calendar.DependencySignOff);
    }

    [Fact]
    public void Parse_ZeroDefaultDurationAndOvernightPeriod_AreAccepted()
    {
        string text = TestPolicies.WithCalendar(
            "calendar:\n  durations: { default: PT0S, releaseTypes: { major: PT1H } }\n"
            + "  windows:\n    - { name: nights, environments: [staging], timeZone: UTC, periods: [\"Fri 22:00-02:00\", \"Sat,Sun 00:00-24:00\"] }\n");

        CalendarPolicy calendar = Valid(text).Calendar;

        Assert.Equal(TimeSpan.Zero, calendar.Durations.Default);
        Assert.Equal(TimeSpan.FromHours(1), calendar.Durations.Max);
        WeeklyPeriod overnight = calendar.Windows[0].Periods[0];
        Assert.Equal([DayOfWeek.Friday], overnight.Days);
        Assert.Equal((22 * 60, 2 * 60), (overnight.FromMinute, overnight.ToMinute));
        WeeklyPeriod weekend = calendar.Windows[0].Periods[1];
        Assert.Equal([DayOfWeek.Saturday, DayOfWeek.Sunday], weekend.Days);
        Assert.Equal((0, 24 * 60), (weekend.FromMinute, weekend.ToMinute));
    }

    [Fact]
    public void Parse_CalendarPolicy_RoundTripsThroughSystemTextJson()
    {
        CalendarPolicy calendar = SamplePolicy.Load().Calendar;

        string json = JsonSerializer.Serialize(calendar);
        CalendarPolicy back = JsonSerializer.Deserialize<CalendarPolicy>(json)!;

        Assert.Equal(json, JsonSerializer.Serialize(back));
        Assert.Equal(TimeSpan.FromHours(2), back.Durations.For(ReleaseType.Major));
        Assert.True(back.Freezes[0].IsRecurring);
    }

    [Theory]
    [InlineData("  bogus: 1\n", "calendar.bogus")]
    [InlineData("  windows:\n    - { name: w, environments: [production], timeZone: UTC, periods: [\"Mon 09:00-10:00\"] }\n    - { name: W, environments: [staging], anyTime: true }\n", "calendar.windows[1].name")]
    [InlineData("  windows:\n    - { name: w, environments: [qa], timeZone: UTC, periods: [\"Mon 09:00-10:00\"] }\n", "calendar.windows[0].environments[0]")]
    [InlineData("  windows:\n    - { name: w, environments: [], timeZone: UTC, periods: [\"Mon 09:00-10:00\"] }\n", "calendar.windows[0].environments")]
    [InlineData("  windows:\n    - { name: w, environments: [production], services: [shadow-api], timeZone: UTC, periods: [\"Mon 09:00-10:00\"] }\n", "calendar.windows[0].services[0]")]
    [InlineData("  windows:\n    - { name: w, environments: [production], tiers: [tier-9], timeZone: UTC, periods: [\"Mon 09:00-10:00\"] }\n", "calendar.windows[0].tiers[0]")]
    [InlineData("  windows:\n    - { name: w, environments: [production], releaseTypes: [hotfix], timeZone: UTC, periods: [\"Mon 09:00-10:00\"] }\n", "calendar.windows[0].releaseTypes[0]")]
    [InlineData("  windows:\n    - { name: w, environments: [production], timeZone: Europe/Atlantis, periods: [\"Mon 09:00-10:00\"] }\n", "calendar.windows[0].timeZone")]
    [InlineData("  windows:\n    - { name: w, environments: [production], periods: [\"Mon 09:00-10:00\"] }\n", "calendar.windows[0].timeZone")]
    [InlineData("  windows:\n    - { name: w, environments: [production], timeZone: UTC, periods: [\"Mon 9-16\"] }\n", "calendar.windows[0].periods[0]")]
    [InlineData("  windows:\n    - { name: w, environments: [production], timeZone: UTC, periods: [\"Mon 24:00-02:00\"] }\n", "calendar.windows[0].periods[0]")]
    [InlineData("  windows:\n    - { name: w, environments: [production], timeZone: UTC, periods: [\"Mon 09:00-09:00\"] }\n", "calendar.windows[0].periods[0]")]
    [InlineData("  windows:\n    - { name: w, environments: [production], timeZone: UTC, periods: [\"Mon 09:60-10:00\"] }\n", "calendar.windows[0].periods[0]")]
    [InlineData("  windows:\n    - { name: w, environments: [production], timeZone: UTC, periods: [\"Mon-Wed,Tue 09:00-10:00\"] }\n", "calendar.windows[0].periods[0]")]
    [InlineData("  windows:\n    - { name: w, environments: [production], timeZone: UTC, periods: [\"Mun 09:00-10:00\"] }\n", "calendar.windows[0].periods[0]")]
    [InlineData("  windows:\n    - { name: w, environments: [production], timeZone: UTC, periods: [] }\n", "calendar.windows[0].periods")]
    [InlineData("  windows:\n    - { name: w, environments: [production], timeZone: UTC }\n", "calendar.windows[0].periods")]
    [InlineData("  windows:\n    - { name: w, environments: [production], anyTime: true, periods: [\"Mon 09:00-10:00\"] }\n", "calendar.windows[0].periods")]
    [InlineData("  windows:\n    - { name: w, environments: [production], timeZone: UTC, periods: [\"Mon 09:00-10:00\"], days: 1 }\n", "calendar.windows[0].days")]
    public void Parse_InvalidWindow_NamesTheField(string body, string path)
    {
        SingleError(Calendar(body), path);
    }

    [Theory]
    [InlineData("  freezes:\n    - { name: f, reason: r, start: \"2026-12-18T00:00:00Z\", end: \"2026-12-17T00:00:00Z\" }\n", "calendar.freezes[0].end")]
    [InlineData("  freezes:\n    - { name: f, reason: r, start: \"2026-12-18T00:00:00\", end: \"2026-12-19T00:00:00Z\" }\n", "calendar.freezes[0].start")]
    [InlineData("  freezes:\n    - { name: f, reason: r, start: \"2026-12-18T00:00:00Z\" }\n", "calendar.freezes[0].end")]
    [InlineData("  freezes:\n    - { name: f, reason: r, start: \"2026-12-18T00:00:00Z\", end: \"2026-12-19T00:00:00Z\", duration: P1D }\n", "calendar.freezes[0].duration")]
    [InlineData("  freezes:\n    - { name: f, reason: r, start: \"2026-12-18T00:00:00Z\", end: \"2026-12-19T00:00:00Z\", timeZone: UTC }\n", "calendar.freezes[0].timeZone")]
    [InlineData("  freezes:\n    - { name: f, start: \"2026-12-18T00:00:00Z\", end: \"2026-12-19T00:00:00Z\" }\n", "calendar.freezes[0].reason")]
    [InlineData("  freezes:\n    - { name: f, reason: r, start: \"2026-12-18T00:00:00Z\", end: \"2026-12-19T00:00:00Z\" }\n    - { name: f, reason: r, start: \"2026-12-18T00:00:00Z\", end: \"2026-12-19T00:00:00Z\" }\n", "calendar.freezes[1].name")]
    [InlineData("  freezes:\n    - { name: f, reason: r, start: \"2026-12-18T00:00:00Z\", end: \"2026-12-19T00:00:00Z\", allowedReleaseTypes: [hotfix] }\n", "calendar.freezes[0].allowedReleaseTypes[0]")]
    [InlineData("  freezes:\n    - { name: f, reason: r, environments: [qa], start: \"2026-12-18T00:00:00Z\", end: \"2026-12-19T00:00:00Z\" }\n", "calendar.freezes[0].environments[0]")]
    [InlineData("  freezes:\n    - { name: f, reason: r, services: [payments-api, payments-api], start: \"2026-12-18T00:00:00Z\", end: \"2026-12-19T00:00:00Z\" }\n", "calendar.freezes[0].services[1]")]
    [InlineData("  freezes:\n    - { name: f, reason: r, start: \"2026-12-18T00:00:00\", rrule: \"FREQ=WEEKLY\", duration: PT1H }\n", "calendar.freezes[0].timeZone")]
    [InlineData("  freezes:\n    - { name: f, reason: r, timeZone: Mars/Olympus, start: \"2026-12-18T00:00:00\", rrule: \"FREQ=WEEKLY\", duration: PT1H }\n", "calendar.freezes[0].timeZone")]
    [InlineData("  freezes:\n    - { name: f, reason: r, timeZone: UTC, start: \"2026-12-18T00:00:00Z\", rrule: \"FREQ=WEEKLY\", duration: PT1H }\n", "calendar.freezes[0].start")]
    [InlineData("  freezes:\n    - { name: f, reason: r, timeZone: UTC, start: \"2026-12-18T00:00:00\", rrule: \"FREQ=HOURLY\", duration: PT1H }\n", "calendar.freezes[0].rrule")]
    [InlineData("  freezes:\n    - { name: f, reason: r, timeZone: UTC, start: \"2026-12-18T00:00:00\", rrule: \"FREQ=MINUTELY;INTERVAL=30\", duration: PT1H }\n", "calendar.freezes[0].rrule")]
    [InlineData("  freezes:\n    - { name: f, reason: r, timeZone: UTC, start: \"2026-12-18T00:00:00\", rrule: \"FREQ=FORTNIGHTLY\", duration: PT1H }\n", "calendar.freezes[0].rrule")]
    [InlineData("  freezes:\n    - { name: f, reason: r, timeZone: UTC, start: \"2026-12-18T00:00:00\", rrule: \"BYDAY=MO\", duration: PT1H }\n", "calendar.freezes[0].rrule")]
    [InlineData("  freezes:\n    - { name: f, reason: r, timeZone: UTC, start: \"2026-12-18T00:00:00\", rrule: \"FREQ=WEEKLY\" }\n", "calendar.freezes[0].duration")]
    [InlineData("  freezes:\n    - { name: f, reason: r, timeZone: UTC, start: \"2026-12-18T00:00:00\", rrule: \"FREQ=WEEKLY\", duration: P367D }\n", "calendar.freezes[0].duration")]
    [InlineData("  freezes:\n    - { name: f, reason: r, timeZone: UTC, start: \"2026-12-18T00:00:00\", rrule: \"FREQ=WEEKLY\", duration: PT1.5S }\n", "calendar.freezes[0].duration")]
    [InlineData("  freezes:\n    - { name: f, reason: r, timeZone: UTC, start: \"2026-12-18T00:00:00\", rrule: \"FREQ=WEEKLY\", duration: PT0S }\n", "calendar.freezes[0].duration")]
    [InlineData("  freezes:\n    - { name: f, reason: r, timeZone: UTC, start: \"2026-12-18T00:00:00\", rrule: \"FREQ=WEEKLY\", duration: PT1H, end: \"2026-12-19T00:00:00Z\" }\n", "calendar.freezes[0].end")]
    public void Parse_InvalidFreeze_NamesTheField(string body, string path)
    {
        SingleError(Calendar(body), path);
    }

    [Theory]
    [InlineData("calendar:\n  windows: []\n", "calendar.durations")]
    [InlineData("calendar:\n  durations: { max: PT1H }\n", "calendar.durations.default")]
    [InlineData("calendar:\n  durations: { default: PT30M, releaseTypes: { hotfix: PT1H } }\n", "calendar.durations.releaseTypes.hotfix")]
    [InlineData("calendar:\n  durations: { default: PT30M, releaseTypes: { major: PT3H }, max: PT2H }\n", "calendar.durations.max")]
    [InlineData("calendar:\n  durations: { default: P3D }\n", "calendar.durations.default")]
    [InlineData("calendar:\n  durations: { default: soon }\n", "calendar.durations.default")]
    [InlineData(Minimal + "  scheduling: { maxReschedules: 21 }\n", "calendar.scheduling.maxReschedules")]
    [InlineData(Minimal + "  scheduling: { maxReschedules: -1 }\n", "calendar.scheduling.maxReschedules")]
    [InlineData(Minimal + "  scheduling: { searchHorizon: PT12H }\n", "calendar.scheduling.searchHorizon")]
    [InlineData(Minimal + "  scheduling: { searchHorizon: P367D }\n", "calendar.scheduling.searchHorizon")]
    [InlineData(Minimal + "  scheduling: { approvalValidFor: PT0S }\n", "calendar.scheduling.approvalValidFor")]
    [InlineData(Minimal + "  scheduling: { dependencyPoll: PT0.5S }\n", "calendar.scheduling.dependencyPoll")]
    [InlineData(Minimal + "  scheduling: { dependencyPoll: P3D, dependencyTimeout: P2D }\n", "calendar.scheduling.dependencyPoll")]
    [InlineData(Minimal + "  scheduling: { retries: 2 }\n", "calendar.scheduling.retries")]
    [InlineData(Minimal + "  scheduling: { dependencyTimeout: PT1M }\n", "calendar.scheduling.dependencyTimeout")]
    [InlineData(Minimal + "  freezeOverrideBy: [release-managers, nobody]\n", "calendar.freezeOverrideBy[1]")]
    [InlineData(Minimal + "  sharedResources:\n    - { name: db, services: [payments-api] }\n    - { name: db, services: [orders-api] }\n", "calendar.sharedResources[1].name")]
    [InlineData(Minimal + "  sharedResources:\n    - { name: db, services: [payments-api, shadow-api] }\n", "calendar.sharedResources[0].services[1]")]
    [InlineData(Minimal + "  sharedResources:\n    - { name: db }\n", "calendar.sharedResources[0].services")]
    [InlineData(Minimal + "  sharedResources:\n    - { name: \"db/cluster\", services: [payments-api] }\n", "calendar.sharedResources[0].name")]
    [InlineData(Minimal + "  dependencySignOff: { tier: { name: d, quorum: 0, timeout: { after: P2D, outcome: reject } } }\n", "calendar.dependencySignOff.tier.quorum")]
    [InlineData(Minimal + "  dependencySignOff: { tier: { name: d, quorum: 1, approvers: { groups: [sre] }, timeout: { after: P2D, outcome: reject } } }\n", "calendar.dependencySignOff.tier.approvers")]
    [InlineData(Minimal + "  dependencySignOff: { tier: { name: d, quorum: 1, sla: { escalateAfter: PT4H, escalateTo: nextTier }, timeout: { after: P2D, outcome: reject } } }\n", "calendar.dependencySignOff.tier.sla.escalateTo")]
    [InlineData(Minimal + "  dependencySignOff: { tier: { name: d, quorum: 1 } }\n", "calendar.dependencySignOff.tier.timeout")]
    [InlineData(Minimal + "  dependencySignOff: { releaseTypes: [hotfix], tier: { name: d, quorum: 1, timeout: { after: P2D, outcome: reject } } }\n", "calendar.dependencySignOff.releaseTypes[0]")]
    [InlineData("calendar: []\n", "calendar")]
    public void Parse_InvalidCalendarSetting_NamesTheField(string section, string path)
    {
        SingleError(TestPolicies.WithCalendar(section), path);
    }

    [Fact]
    public void Parse_InvalidPeriod_ReportsItsLine()
    {
        string text = Calendar("  windows:\n    - name: w\n      environments: [production]\n      timeZone: UTC\n      periods:\n        - \"Mon 09:00-10:00\"\n        - \"Tue 10:00\"\n");

        PolicyValidationError error = SingleError(text, "calendar.windows[0].periods[1]");

        Assert.Equal(TestData.LineOf(text, "        - \"Tue 10:00\""), error.Line);
        Assert.Contains("Tue 10:00", error.Message, StringComparison.Ordinal);
    }
}
