using ReleasePolicy.Policy;

namespace ReleasePolicy.Calendar;

// Signatures shared by the calendar engine, store, API and workflow. The bodies are filled in by the engine's work.

/// <summary>Weekly deployment windows → concrete UTC intervals.</summary>
public static partial class WindowCalendar
{
    /// <summary>The window rules that apply to a release: the most specific matching ones (empty: any time).</summary>
    public static IReadOnlyList<DeploymentWindowRule> RulesFor(CalendarPolicy calendar, string environment, string service, string? tier, ReleaseType type) =>
        throw new NotImplementedException();

    /// <summary>
    /// The rules' periods in <paramref name="range"/> as sorted, merged UTC intervals clipped to the range; the whole
    /// range when <paramref name="rules"/> is empty or any rule is <c>AnyTime</c>.
    /// </summary>
    public static IReadOnlyList<TimeRange> Expand(IReadOnlyList<DeploymentWindowRule> rules, TimeRange range) =>
        throw new NotImplementedException();
}

/// <summary>Freeze rules (one-off, RFC 5545 recurring) and ad-hoc freezes → concrete occurrences.</summary>
public static partial class FreezeCalendar
{
    /// <summary>
    /// Occurrences overlapping <paramref name="range"/> (not clipped) of the freezes whose scope matches; a null
    /// <paramref name="service"/> or <paramref name="tier"/> matches every freeze scope (the calendar API's view).
    /// Sorted by start.
    /// </summary>
    public static IReadOnlyList<FreezeOccurrence> Expand(
        CalendarPolicy calendar, IEnumerable<AdHocFreeze> adHoc, string? environment, string? service, string? tier, TimeRange range) =>
        throw new NotImplementedException();
}

/// <summary>The earliest-slot search: pure, deterministic, exact at any resolution.</summary>
public static partial class SlotSearch
{
    /// <summary>The most refusals a decision keeps (it counts them all).</summary>
    public const int MaxRefusalsKept = 50;

    /// <summary>
    /// The earliest start ≥ <c>request.NotBefore</c> whose slot [start, start + duration) lies inside one window, passes
    /// every freeze (or holds an allowance for it), and overlaps no booking in the request's lanes; the slot must end by
    /// <paramref name="horizonEnd"/>.
    /// </summary>
    public static SlotDecision FindEarliest(SlotRequest request, CalendarView view, DateTimeOffset horizonEnd) =>
        throw new NotImplementedException();

    /// <summary>Up to <paramref name="count"/> non-overlapping free slots, earliest first (each search starts where the last slot ends).</summary>
    public static IReadOnlyList<TimeRange> FindFree(SlotRequest request, CalendarView view, DateTimeOffset horizonEnd, int count) =>
        throw new NotImplementedException();
}

/// <summary>Builds a release's <see cref="SlotRequest"/> from the policy (tier, shared resources, duration).</summary>
public static partial class SlotRequests
{
    /// <param name="requestedDuration">The request's own duration, if any (the caller has checked it against the policy's max).</param>
    public static SlotRequest Create(
        PolicyDocument policy, string releaseId, string environment, string service, ReleaseType type, TimeSpan? requestedDuration, DateTimeOffset notBefore, bool overrideFreezes) =>
        throw new NotImplementedException();
}
