using ReleasePolicy.Calendar;
using ReleasePolicy.Policy;
using static ReleasePolicy.Core.Tests.Calendar.Cal;

namespace ReleasePolicy.Core.Tests.Calendar;

/// <summary>Freeze rules → occurrences: one-off and recurring (RFC 5545, nominal-day durations across DST), scope, ad-hoc.</summary>
public class FreezeCalendarTests
{
    private static readonly TimeRange Year2026 = Range(Utc(2026, 1, 1), Utc(2027, 1, 1));

    [Fact]
    public void Expand_QuarterEndRule_ThreeLocalDaysFromThirdToLastDay()
    {
        var rule = Recurring("quarter-end", "America/New_York", new DateTime(2026, 3, 29), "FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=-3", TimeSpan.FromDays(3));

        var occurrences = FreezeCalendar.Expand(Cal.Policy(freezes: [rule]), [], Env, Service, "tier-0", Year2026);

        // 00:00 local on the third-to-last day, for three calendar days: EDT (UTC-4) all year except December (EST).
        Assert.Equal(
            [
                Range(Utc(2026, 3, 29, 4), Utc(2026, 4, 1, 4)),
                Range(Utc(2026, 6, 28, 4), Utc(2026, 7, 1, 4)),
                Range(Utc(2026, 9, 28, 4), Utc(2026, 10, 1, 4)),
                Range(Utc(2026, 12, 29, 5), Utc(2027, 1, 1, 5)),
            ],
            occurrences.Select(o => o.Range));
        Assert.All(occurrences, o => Assert.Equal("quarter-end", o.Freeze));
    }

    [Fact]
    public void Expand_NominalDaysAcrossChange_KeepLocalEnd()
    {
        // Weekly from Saturday 2026-10-24 00:00 London for P2D: the occurrence spanning the fall-back lasts 49 hours.
        var rule = Recurring("weekend", "Europe/London", new DateTime(2026, 10, 24), "FREQ=WEEKLY;COUNT=2", TimeSpan.FromDays(2));

        var occurrences = FreezeCalendar.Expand(Cal.Policy(freezes: [rule]), [], Env, Service, null, Year2026);

        Assert.Equal([Range(Utc(2026, 10, 23, 23), Utc(2026, 10, 26)), Range(Utc(2026, 10, 31), Utc(2026, 11, 2))], occurrences.Select(o => o.Range));
    }

    [Fact]
    public void Expand_ExactHoursFromAmbiguousStart_KeepFullLength()
    {
        // 01:30 New York on 2026-11-01 is the first (EDT) 01:30; PT1H is exact, so the occurrence ends an hour later.
        var rule = Recurring("nightly", "America/New_York", new DateTime(2026, 10, 31, 1, 30, 0), "FREQ=DAILY;COUNT=2", TimeSpan.FromHours(1));

        var occurrences = FreezeCalendar.Expand(Cal.Policy(freezes: [rule]), [], Env, Service, null, Year2026);

        Assert.Equal([Range(Utc(2026, 10, 31, 5, 30), Utc(2026, 10, 31, 6, 30)), Range(Utc(2026, 11, 1, 5, 30), Utc(2026, 11, 1, 6, 30))], occurrences.Select(o => o.Range));
    }

    [Fact]
    public void Expand_OccurrenceStartedBeforeRange_IsIncludedUnclipped()
    {
        var rule = Recurring("daily", "UTC", new DateTime(2026, 12, 1, 22, 0, 0), "FREQ=DAILY", TimeSpan.FromHours(4));

        var occurrences = FreezeCalendar.Expand(Cal.Policy(freezes: [rule]), [], Env, Service, null, Range(Utc(2026, 12, 3, 1), Utc(2026, 12, 3, 23)));

        Assert.Equal([Range(Utc(2026, 12, 2, 22), Utc(2026, 12, 3, 2)), Range(Utc(2026, 12, 3, 22), Utc(2026, 12, 4, 2))], occurrences.Select(o => o.Range));
    }

    [Fact]
    public void Expand_OneOff_OnlyWhenOverlapping()
    {
        var holiday = OneOff("holiday", Utc(2026, 12, 18), Utc(2027, 1, 4), allowed: [ReleaseType.Emergency]);
        var calendar = Cal.Policy(freezes: [holiday]);

        Assert.Single(FreezeCalendar.Expand(calendar, [], Env, Service, null, Range(Utc(2027, 1, 3), Utc(2027, 1, 5))));
        Assert.Empty(FreezeCalendar.Expand(calendar, [], Env, Service, null, Range(Utc(2027, 1, 4), Utc(2027, 1, 5))));
    }

    [Fact]
    public void Expand_Scope_MatchesEnvironmentServiceAndTier_NullMatchesAll()
    {
        var payments = OneOff("payments", Utc(2026, 12, 1), Utc(2026, 12, 2), services: [Service]);
        var tier1 = OneOff("tier-1", Utc(2026, 12, 1, 1), Utc(2026, 12, 2), tiers: ["tier-1"]);
        var staging = OneOff("staging", Utc(2026, 12, 1, 2), Utc(2026, 12, 2)) with { Environments = ["staging"] };
        var calendar = Cal.Policy(freezes: [payments, tier1, staging]);
        var range = Range(Utc(2026, 12, 1), Utc(2026, 12, 3));

        Assert.Equal(["payments"], FreezeCalendar.Expand(calendar, [], Env, Service, "tier-0", range).Select(o => o.Freeze));
        Assert.Equal(["tier-1"], FreezeCalendar.Expand(calendar, [], Env, "orders-api", "tier-1", range).Select(o => o.Freeze));
        Assert.Equal(["payments", "tier-1", "staging"], FreezeCalendar.Expand(calendar, [], null, null, null, range).Select(o => o.Freeze));
    }

    [Fact]
    public void Expand_AdHoc_IsMarkedNotOverridable_AndSortedWithPolicyFreezes()
    {
        var policyFreeze = OneOff("policy", Utc(2026, 12, 1, 12), Utc(2026, 12, 1, 14), overridable: true);
        var incident = AdHoc("adhoc-1", Utc(2026, 12, 1, 10), Utc(2026, 12, 1, 11));

        var occurrences = FreezeCalendar.Expand(Cal.Policy(freezes: [policyFreeze]), [incident], Env, Service, "tier-0", Range(Utc(2026, 12, 1), Utc(2026, 12, 2)));

        Assert.Equal(["adhoc-1", "policy"], occurrences.Select(o => o.Freeze));
        Assert.True(occurrences[0].AdHoc);
        Assert.False(occurrences[0].Overridable);
        Assert.True(occurrences[1].Overridable);
    }
}
