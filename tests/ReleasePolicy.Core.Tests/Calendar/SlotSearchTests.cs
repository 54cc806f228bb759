using ReleasePolicy.Calendar;
using ReleasePolicy.Policy;
using static ReleasePolicy.Core.Tests.Calendar.Cal;

namespace ReleasePolicy.Core.Tests.Calendar;

/// <summary>The search's decisions: jumps and their refusal kinds, allowances, truncation, the horizon.</summary>
public class SlotSearchTests
{
    private static readonly DateTimeOffset Monday = Utc(2026, 11, 30);
    private static readonly TimeRange Week = Range(Monday, Monday.AddDays(7));
    private static readonly DeploymentWindowRule Weekdays = Window("weekdays", "UTC", [Hours(9, 16, DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday)]);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private static SlotDecision Search(CalendarPolicy calendar, SlotRequest request, IEnumerable<Booking>? bookings = null, IEnumerable<AdHocFreeze>? adHoc = null) =>
        SlotSearch.FindEarliest(request, View(calendar, request, Week, bookings, adHoc), Week.End);

    [Fact]
    public void FindEarliest_OutsideWindow_JumpsToWindowStart()
    {
        var decision = Search(Cal.Policy([Weekdays]), Request(Monday.AddHours(6), Hour));

        Assert.Equal(Range(Monday.AddHours(9), Monday.AddHours(10)), decision.Slot);
        var refusal = Assert.Single(decision.Refusals);
        Assert.Equal(new SlotRefusal(Monday.AddHours(6), SlotRefusalKind.OutsideWindow, "weekdays", "outside window weekdays", Monday.AddHours(9)), refusal);
    }

    [Fact]
    public void FindEarliest_WindowClosesTooSoon_JumpsToNextWindow()
    {
        var decision = Search(Cal.Policy([Weekdays]), Request(Monday.AddHours(15), Hour * 2));

        Assert.Equal(Monday.AddDays(1).AddHours(9), decision.Slot!.Value.Start);
        Assert.Equal(SlotRefusalKind.OutsideWindow, decision.Refusals[0].Kind);
        Assert.Contains("closes at 2026-11-30T16:00:00Z", decision.Refusals[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void FindEarliest_SlotMayCrossMidnightBetweenAdjacentWindows()
    {
        var late = Window("late", "UTC", [Hours(20, 0, DayOfWeek.Monday), Hours(0, 2, DayOfWeek.Tuesday)]);

        var decision = Search(Cal.Policy([late]), Request(Monday.AddHours(23), Hour * 2));

        Assert.Equal(Range(Monday.AddHours(23), Monday.AddHours(25)), decision.Slot);
        Assert.Empty(decision.Refusals);
    }

    [Fact]
    public void FindEarliest_BlockingFreeze_JumpsToItsEnd()
    {
        var freeze = OneOff("change-freeze", Monday.AddHours(9).AddMinutes(30), Monday.AddHours(11));

        var decision = Search(Cal.Policy([Weekdays], [freeze]), Request(Monday.AddHours(9), Hour));

        Assert.Equal(Monday.AddHours(11), decision.Slot!.Value.Start);
        var refusal = Assert.Single(decision.Refusals);
        Assert.Equal((SlotRefusalKind.Freeze, "change-freeze", Monday.AddHours(11)), (refusal.Kind, refusal.Subject, refusal.NextCandidate));
        Assert.Empty(decision.Allowances);
    }

    [Fact]
    public void FindEarliest_AllowedReleaseType_PassesFreezeWithAllowance()
    {
        var freeze = OneOff("holiday", Monday, Monday.AddDays(2), allowed: [ReleaseType.Emergency], overridable: true);

        var decision = Search(Cal.Policy([Weekdays], [freeze]), Request(Monday.AddHours(9), Hour, ReleaseType.Emergency, overrideFreezes: true));

        Assert.Equal(Monday.AddHours(9), decision.Slot!.Value.Start);
        Assert.Equal([new FreezeAllowance("holiday", "holiday reason", "allowedReleaseType", Range(Monday, Monday.AddDays(2)))], decision.Allowances);
    }

    [Fact]
    public void FindEarliest_Override_PassesOverridableFreezeOnly()
    {
        var overridable = OneOff("quarter-end", Monday, Monday.AddDays(1), overridable: true);
        var fixedFreeze = OneOff("audit", Monday.AddHours(9), Monday.AddHours(10));

        var withOverride = Search(Cal.Policy([Weekdays], [overridable, fixedFreeze]), Request(Monday.AddHours(9), Hour, overrideFreezes: true));
        var without = Search(Cal.Policy([Weekdays], [overridable, fixedFreeze]), Request(Monday.AddHours(9), Hour));

        Assert.Equal(Monday.AddHours(10), withOverride.Slot!.Value.Start);
        Assert.Equal(["override"], withOverride.Allowances.Select(a => a.Kind));
        Assert.Equal(["audit"], withOverride.Refusals.Select(r => r.Subject));
        Assert.Equal(Monday.AddDays(1).AddHours(9), without.Slot!.Value.Start);
    }

    [Fact]
    public void FindEarliest_AdHocFreeze_CannotBeOverridden()
    {
        var incident = AdHoc("adhoc-7", Monday.AddHours(8), Monday.AddHours(12));

        var decision = Search(Cal.Policy([Weekdays]), Request(Monday.AddHours(9), Hour, overrideFreezes: true), adHoc: [incident]);

        Assert.Equal(Monday.AddHours(12), decision.Slot!.Value.Start);
        Assert.Equal(SlotRefusalKind.Freeze, Assert.Single(decision.Refusals).Kind);
        Assert.Empty(decision.Allowances);
    }

    [Fact]
    public void FindEarliest_Bookings_JumpToLatestEndOfOverlapping_InOwnLanesOnly()
    {
        var bookings = new[]
        {
            Booking("a", Monday.AddHours(9), Hour),
            Booking("b", Monday.AddHours(9).AddMinutes(30), Hour * 2), // ends 11:30
            Booking("other-service", Monday.AddHours(11).AddMinutes(30), Hour, service: "catalog-web"),
            Booking("shared", Monday.AddHours(11).AddMinutes(45), Hour, service: "orders-api", resources: ["payments-db"]),
            Booking("me", Monday.AddHours(12).AddMinutes(45), Hour), // the release's own earlier booking
        };

        var decision = Search(Cal.Policy([Weekdays]), Request(Monday.AddHours(9), Hour, resources: ["payments-db"]), bookings);

        Assert.Equal(Monday.AddHours(12).AddMinutes(45), decision.Slot!.Value.Start);
        Assert.Equal(
            [(SlotRefusalKind.Conflict, "b", Monday.AddHours(11).AddMinutes(30)), (SlotRefusalKind.Conflict, "shared", Monday.AddHours(12).AddMinutes(45))],
            decision.Refusals.Select(r => (r.Kind, r.Subject, r.NextCandidate)));
    }

    [Fact]
    public void FindEarliest_ManyRefusals_KeepsFiftyCountsAll()
    {
        var bookings = Enumerable.Range(0, 60).Select(i => Booking($"r{i:D2}", Monday.AddMinutes(10 * i), TimeSpan.FromMinutes(10)));

        var decision = Search(Cal.Policy(), Request(Monday, TimeSpan.FromMinutes(10)), bookings);

        Assert.Equal(Monday.AddMinutes(600), decision.Slot!.Value.Start);
        Assert.Equal(60, decision.RefusalCount);
        Assert.Equal(SlotSearch.MaxRefusalsKept, decision.Refusals.Count);
        Assert.Equal("r49", decision.Refusals[^1].Subject);
    }

    [Fact]
    public void FindEarliest_NoSlotBeforeHorizon_ReturnsNone()
    {
        var freeze = OneOff("all-week", Monday.AddDays(1), Monday.AddDays(8));

        var decision = Search(Cal.Policy([Weekdays], [freeze]), Request(Monday.AddHours(16), Hour));

        Assert.False(decision.Found);
        Assert.Null(decision.Slot);
        Assert.Equal([SlotRefusalKind.OutsideWindow, SlotRefusalKind.Freeze], decision.Refusals.Select(r => r.Kind));
        Assert.Equal(2, decision.RefusalCount);
        Assert.Empty(decision.Allowances);
    }

    [Fact]
    public void FindEarliest_SlotMustEndByHorizon()
    {
        var request = Request(Monday.AddHours(9), Hour);
        var view = View(Cal.Policy(), request, Week);

        Assert.Equal(Monday.AddHours(9), SlotSearch.FindEarliest(request, view, Monday.AddHours(10)).Slot!.Value.Start);
        Assert.False(SlotSearch.FindEarliest(request, view, Monday.AddHours(10).AddTicks(-1)).Found);
    }

    [Fact]
    public void FindFree_ListsNonOverlappingSlotsInOrder()
    {
        var request = Request(Monday.AddHours(14), Hour);
        var view = View(Cal.Policy([Weekdays]), request, Week, [Booking("x", Monday.AddDays(1).AddHours(9).AddMinutes(30), Hour)]);

        var slots = SlotSearch.FindFree(request, view, Week.End, 3);

        Assert.Equal(
            [
                Range(Monday.AddHours(14), Monday.AddHours(15)),
                Range(Monday.AddHours(15), Monday.AddHours(16)),
                Range(Monday.AddDays(1).AddHours(10).AddMinutes(30), Monday.AddDays(1).AddHours(11).AddMinutes(30)),
            ],
            slots);
    }
}
