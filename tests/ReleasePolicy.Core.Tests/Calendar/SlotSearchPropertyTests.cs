using CsCheck;
using ReleasePolicy.Calendar;
using ReleasePolicy.Policy;
using static ReleasePolicy.Core.Tests.Calendar.Cal;

namespace ReleasePolicy.Core.Tests.Calendar;

/// <summary>
/// Random small calendars on a minute grid, around daylight-saving changes in London, New York and Sydney: the slot the
/// search finds is valid, and a brute-force minute-by-minute scan over the same view finds no earlier valid start (and
/// none at all when the search finds none). Every boundary (window, freeze, booking, not-before) lies on the minute
/// grid, so the earliest valid start does too and the brute force is exhaustive.
/// </summary>
public class SlotSearchPropertyTests
{
    private const string Resource = "payments-db";

    // Four days starting two days before a change (London, New York, Sydney, each spring and fall), plus a plain week.
    private static readonly DateTimeOffset[] Bases =
    [
        Utc(2026, 3, 27), Utc(2026, 10, 23), Utc(2026, 3, 6), Utc(2026, 10, 30), Utc(2026, 4, 3), Utc(2026, 10, 2), Utc(2026, 12, 7),
    ];

    private static readonly Gen<WeeklyPeriod> PeriodGen =
        Gen.Select(Gen.Int[1, 127], Gen.Int[0, 47], Gen.Int[0, 48]).Select((mask, from, to) =>
            Period(from * 30, to * 30, EveryDay.Where(d => (mask & (1 << (int)d)) != 0).ToArray()));

    private static readonly Gen<(int Start, int Length, int Flags)> SpanGen = Gen.Select(Gen.Int[0, 383], Gen.Int[1, 48], Gen.Int[0, 3]);

    private static readonly Gen<(int LocalHalfHour, int HalfHours, int Flags)> DailyGen = Gen.Select(Gen.Int[0, 47], Gen.Int[1, 12], Gen.Int[0, 3]);

    private static readonly Gen<(int Kind, int Start, int Length)> BookingGen = Gen.Select(Gen.Int[0, 3], Gen.Int[0, 383], Gen.Int[1, 24]);

    private static readonly Gen<Scenario> ScenarioGen =
        Gen.Select(
            Gen.Select(Gen.OneOf("Europe/London", "America/New_York", "Australia/Sydney"), Gen.Int[0, Bases.Length - 1], PeriodGen.Array[0, 3]),
            Gen.Select(SpanGen.Array[0, 3], DailyGen.Array[0, 1], SpanGen.Array[0, 1]),
            BookingGen.Array[0, 8],
            Gen.Select(Gen.Bool, Gen.Bool, Gen.Int[1, 16], Gen.Int[0, 191], Gen.Bool))
        .Select((calendar, freezes, bookings, request) => Build(calendar, freezes, bookings, request));

    [Fact]
    public void FindEarliest_IsValidAndMinimal_AgainstBruteForce()
    {
        ScenarioGen.Sample(
            scenario =>
            {
                var decision = SlotSearch.FindEarliest(scenario.Request, scenario.View, scenario.Range.End);
                var brute = BruteForce(scenario);

                Assert.Equal(brute, decision.Slot?.Start);
                if (decision.Slot is { } slot)
                {
                    Assert.True(IsValid(scenario, slot.Start), "the found slot must be valid");
                    Assert.Equal(scenario.Request.Duration, slot.Length);
                }

                Assert.True(decision.Refusals.Count == Math.Min(decision.RefusalCount, SlotSearch.MaxRefusalsKept));
                Assert.All(decision.Refusals, r => Assert.True(r.NextCandidate > r.Candidate, "every jump moves forward"));
            },
            iter: 300);
    }

    private static DateTimeOffset? BruteForce(Scenario scenario)
    {
        var duration = scenario.Request.Duration;
        for (var start = scenario.Request.NotBefore; start + duration <= scenario.Range.End; start = start.AddMinutes(1))
        {
            if (IsValid(scenario, start))
            {
                return start;
            }
        }

        return null;
    }

    /// <summary>The definition of a valid slot, written plainly from the view and the raw bookings (no index).</summary>
    private static bool IsValid(Scenario scenario, DateTimeOffset start)
    {
        var request = scenario.Request;
        var slot = Range(start, start + request.Duration);
        var inWindow = scenario.View.Windows.Any(w => w.Covers(slot));
        var frozen = scenario.View.Freezes.Any(f => f.Range.Overlaps(slot)
            && !f.AllowedReleaseTypes.Contains(request.Type)
            && !(request.OverrideFreezes && f.Overridable && !f.AdHoc));
        var conflict = scenario.Bookings.Any(b => b.ReleaseId != request.ReleaseId && b.Lanes.Intersect(request.Lanes).Any() && b.Range.Overlaps(slot));
        return inWindow && !frozen && !conflict;
    }

    private static Scenario Build(
        (string Zone, int Base, WeeklyPeriod[] Periods) calendar,
        ((int Start, int Length, int Flags)[] OneOffs, (int LocalHalfHour, int HalfHours, int Flags)[] Daily, (int Start, int Length, int Flags)[] AdHoc) freezes,
        (int Kind, int Start, int Length)[] bookings,
        (bool Emergency, bool Override, int Quarters, int NotBefore, bool UsesResource) request)
    {
        var start = Bases[calendar.Base];
        var range = Range(start, start.AddDays(4));
        DateTimeOffset At(int quarter) => start.AddMinutes(15 * quarter);
        IReadOnlyList<ReleaseType> Allowed(int flags) => (flags & 1) != 0 ? [ReleaseType.Emergency] : [];

        var windows = calendar.Periods.Length == 0 ? [] : new[] { Window("generated", calendar.Zone, calendar.Periods) };
        var rules = freezes.OneOffs.Select((f, i) => OneOff($"one-off-{i}", At(f.Start), At(f.Start + f.Length), Allowed(f.Flags), (f.Flags & 2) != 0))
            .Concat(freezes.Daily.Select((f, i) => Recurring(
                $"daily-{i}", calendar.Zone, start.UtcDateTime.Date.AddDays(-1).AddMinutes(30 * f.LocalHalfHour), "FREQ=DAILY", TimeSpan.FromMinutes(30 * f.HalfHours), Allowed(f.Flags), (f.Flags & 2) != 0)))
            .ToList();
        var adHoc = freezes.AdHoc.Select((f, i) => AdHoc($"adhoc-{i}", At(f.Start), At(f.Start + f.Length), Allowed(f.Flags))).ToList();
        var booked = bookings.Select((b, i) => b.Kind switch
        {
            0 => Booking($"r{i}", At(b.Start), TimeSpan.FromMinutes(15 * b.Length)),
            1 => Booking($"r{i}", At(b.Start), TimeSpan.FromMinutes(15 * b.Length), service: "orders-api", resources: [Resource]),
            2 => Booking($"r{i}", At(b.Start), TimeSpan.FromMinutes(15 * b.Length), service: "catalog-web"),
            _ => Booking("me", At(b.Start), TimeSpan.FromMinutes(15 * b.Length)),
        }).ToList();
        var slotRequest = Request(
            At(request.NotBefore), TimeSpan.FromMinutes(15 * request.Quarters), request.Emergency ? ReleaseType.Emergency : ReleaseType.Major,
            request.UsesResource ? [Resource] : [], request.Override);
        var view = View(Cal.Policy(windows, rules), slotRequest, range, booked, adHoc);
        return new Scenario(slotRequest, view, booked, range);
    }

    private sealed record Scenario(SlotRequest Request, CalendarView View, IReadOnlyList<Booking> Bookings, TimeRange Range);
}
