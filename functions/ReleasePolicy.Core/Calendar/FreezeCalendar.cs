using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Evaluation;
using NodaTime;
using NodaTime.TimeZones;
using ReleasePolicy.Policy;
using IcalDuration = Ical.Net.DataTypes.Duration;

namespace ReleasePolicy.Calendar;

/// <summary>Freeze rules (one-off, RFC 5545 recurring) and ad-hoc freezes → concrete occurrences.</summary>
public static partial class FreezeCalendar
{
    // A rule that can never match (e.g. BYMONTHDAY=31;BYMONTH=2) would make Ical.Net's lazy expansion spin forever;
    // with this limit it throws instead. The policy parser should refuse such rules first.
    private static readonly EvaluationOptions Evaluation = new() { MaxUnmatchedIncrementsLimit = 10_000 };

    private static readonly ZoneLocalMappingResolver EndResolver =
        Resolvers.CreateMappingResolver(Resolvers.ReturnLater, Resolvers.ReturnStartOfIntervalAfter);

    /// <summary>
    /// Occurrences overlapping <paramref name="range"/> (not clipped) of the freezes whose scope matches; a null
    /// <paramref name="service"/> or <paramref name="tier"/> matches every freeze scope (the calendar API's view).
    /// Sorted by start.
    /// </summary>
    public static IReadOnlyList<FreezeOccurrence> Expand(
        CalendarPolicy calendar, IEnumerable<AdHocFreeze> adHoc, string? environment, string? service, string? tier, TimeRange range)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(adHoc);
        var occurrences = new List<FreezeOccurrence>();
        foreach (var rule in calendar.Freezes.Where(rule => InScope(rule.Environments, rule.Services, rule.Tiers, environment, service, tier)))
        {
            foreach (var interval in Intervals(rule, range))
            {
                occurrences.Add(new FreezeOccurrence(rule.Name, rule.Reason, interval, rule.AllowedReleaseTypes, rule.Overridable, AdHoc: false));
            }
        }

        foreach (var freeze in adHoc.Where(freeze => InScope(freeze.Environments, freeze.Services, freeze.Tiers, environment, service, tier)))
        {
            if (IsUsable(freeze.Range, range))
            {
                occurrences.Add(new FreezeOccurrence(freeze.Id, freeze.Reason, freeze.Range, freeze.AllowedReleaseTypes, Overridable: false, AdHoc: true));
            }
        }

        // Stable order: by start, then by name, so views and decisions are reproducible.
        return occurrences.OrderBy(o => o.Range.Start).ThenBy(o => o.Freeze, StringComparer.Ordinal).ToList();
    }

    /// <summary>The UTC intervals of one rule overlapping <paramref name="range"/>: the one-off range, or the RRULE's occurrences.</summary>
    internal static IEnumerable<TimeRange> Intervals(FreezeRule rule, TimeRange range)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (!rule.IsRecurring)
        {
            return rule.Start is { } start && rule.End is { } end && IsUsable(new TimeRange(start, end), range)
                ? [new TimeRange(start.ToUniversalTime(), end.ToUniversalTime())]
                : [];
        }

        // Expanding an RRULE is the costly part of a booking (Ical.Net: milliseconds per rule), and every booking on a
        // given day asks for nearly the same range: expand the whole UTC days around it once per rule and slice.
        // Policy documents are cached and immutable, so a rule instance stands for one published text.
        var aligned = new TimeRange(FloorDay(range.Start), CeilingDay(range.End));
        if (Expansions.Count > MaxCachedExpansions)
        {
            Expansions.Clear();
        }

        IReadOnlyList<TimeRange> occurrences = Expansions.GetOrAdd((rule, aligned), key => [.. Recurrences(key.Rule, key.Range)]);
        return occurrences.Where(occurrence => IsUsable(occurrence, range));
    }

    private const int MaxCachedExpansions = 4096;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(FreezeRule Rule, TimeRange Range), IReadOnlyList<TimeRange>> Expansions =
        new(ReferenceKeyComparer.Instance);

    private static DateTimeOffset FloorDay(DateTimeOffset instant) => new(instant.UtcDateTime.Date, TimeSpan.Zero);

    private static DateTimeOffset CeilingDay(DateTimeOffset instant) =>
        FloorDay(instant) == instant ? instant.ToUniversalTime() : FloorDay(instant).AddDays(1);

    /// <summary>Rules by reference (two equal texts in two documents are expanded twice; harmless), ranges by value.</summary>
    private sealed class ReferenceKeyComparer : IEqualityComparer<(FreezeRule Rule, TimeRange Range)>
    {
        public static ReferenceKeyComparer Instance { get; } = new();

        public bool Equals((FreezeRule Rule, TimeRange Range) x, (FreezeRule Rule, TimeRange Range) y) =>
            ReferenceEquals(x.Rule, y.Rule) && x.Range == y.Range;

        public int GetHashCode((FreezeRule Rule, TimeRange Range) obj) =>
            HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Rule), obj.Range);
    }

    private static IEnumerable<TimeRange> Recurrences(FreezeRule rule, TimeRange range)
    {

        var duration = rule.Duration ?? throw new ArgumentException($"recurring freeze '{rule.Name}' has no duration", nameof(rule));
        var localStart = rule.LocalStart ?? throw new ArgumentException($"recurring freeze '{rule.Name}' has no start", nameof(rule));
        var zone = rule.TimeZone ?? throw new ArgumentException($"recurring freeze '{rule.Name}' has no time zone", nameof(rule));
        var calendarEvent = new CalendarEvent
        {
            DtStart = new CalDateTime(DateTime.SpecifyKind(localStart, DateTimeKind.Unspecified), zone, true),
            Duration = Nominal(duration),
            RecurrenceRule = new RecurrenceRule(rule.RecurrenceRule!),
        };

        // Ical.Net yields lazily and forever for open rules: start early enough to catch an occurrence that began
        // before the range (a nominal day can be 25 hours), stop at the first occurrence starting at or after its end.
        var from = new CalDateTime(range.Start.UtcDateTime - duration - TimeSpan.FromDays(1), CalDateTime.UtcTzId, true);
        foreach (var occurrence in calendarEvent.GetOccurrences(from, Evaluation))
        {
            var start = new DateTimeOffset(occurrence.Period.StartTime.AsUtc, TimeSpan.Zero);
            if (start >= range.End)
            {
                yield break;
            }

            var end = EndOf(start, zone, duration);
            if (IsUsable(new TimeRange(start, end), range))
            {
                yield return new TimeRange(start, end);
            }
        }
    }

    /// <summary>
    /// RFC 5545 §3.3.6: the duration's days are nominal (same wall-clock time so many days later, in the freeze's zone)
    /// and its hours, minutes and seconds exact. Computed here rather than taken from Ical.Net, whose occurrence end adds
    /// the time part to local wall time: a PT1H occurrence starting at the first 01:30 of a fall-back night came out
    /// zero-length.
    /// </summary>
    private static DateTimeOffset EndOf(DateTimeOffset start, string zoneId, TimeSpan duration)
    {
        var afterDays = start;
        if (duration.Days > 0)
        {
            var zone = DateTimeZoneProviders.Tzdb[zoneId];
            var local = Instant.FromDateTimeOffset(start).InZone(zone).LocalDateTime.PlusDays(duration.Days);
            // A later end on an ambiguous wall time, the gap's end in a gap: the freeze never ends early.
            afterDays = zone.ResolveLocal(local, EndResolver).ToDateTimeOffset().ToUniversalTime();
        }

        return afterDays + (duration - TimeSpan.FromDays(duration.Days));
    }

    /// <summary>
    /// RFC 5545 DURATION with a day part: P3D is three calendar days in the freeze's zone (71 or 73 hours across a
    /// change), not 72 hours, so occurrences keep their wall-clock end.
    /// </summary>
    private static IcalDuration Nominal(TimeSpan duration) =>
        new(weeks: null, days: duration.Days, hours: duration.Hours, minutes: duration.Minutes, seconds: duration.Seconds);

    // An empty freeze blocks nothing (a half-open range with no length).
    private static bool IsUsable(TimeRange occurrence, TimeRange range) =>
        occurrence.Start < occurrence.End && occurrence.Overlaps(range);

    private static bool InScope(
        IReadOnlyList<string> environments, IReadOnlyList<string> services, IReadOnlyList<string> tiers, string? environment, string? service, string? tier) =>
        Matches(environments, environment) && Matches(services, service) && Matches(tiers, tier);

    private static bool Matches(IReadOnlyList<string> scope, string? value) =>
        scope.Count == 0 || value is null || scope.Contains(value, StringComparer.Ordinal);
}
