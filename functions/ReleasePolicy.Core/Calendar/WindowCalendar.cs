using NodaTime;
using NodaTime.TimeZones;
using NodaTime.Utility;
using ReleasePolicy.Policy;

namespace ReleasePolicy.Calendar;

/// <summary>Weekly deployment windows → concrete UTC intervals.</summary>
public static partial class WindowCalendar
{
    // A start that is ambiguous (fall-back) takes the first occurrence and an end the second, and a time in a
    // spring-forward gap moves to the gap's end: a window never loses wall-clock time and never doubles.
    private static readonly ZoneLocalMappingResolver StartResolver =
        Resolvers.CreateMappingResolver(Resolvers.ReturnEarlier, Resolvers.ReturnStartOfIntervalAfter);

    private static readonly ZoneLocalMappingResolver EndResolver =
        Resolvers.CreateMappingResolver(Resolvers.ReturnLater, Resolvers.ReturnStartOfIntervalAfter);

    /// <summary>The window rules that apply to a release: the most specific matching ones (empty: any time).</summary>
    public static IReadOnlyList<DeploymentWindowRule> RulesFor(CalendarPolicy calendar, string environment, string service, string? tier, ReleaseType type)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var matching = calendar.Windows
            .Where(rule => rule.Environments.Contains(environment, StringComparer.Ordinal)
                && (rule.Services.Count == 0 || rule.Services.Contains(service, StringComparer.Ordinal))
                && (rule.Tiers.Count == 0 || (tier is not null && rule.Tiers.Contains(tier, StringComparer.Ordinal)))
                && (rule.ReleaseTypes.Count == 0 || rule.ReleaseTypes.Contains(type)))
            .ToList();
        if (matching.Count == 0)
        {
            return [];
        }

        var best = matching.Max(Specificity);
        return matching.Where(rule => Specificity(rule) == best).ToList();
    }

    /// <summary>
    /// The rules' periods in <paramref name="range"/> as sorted, merged UTC intervals clipped to the range; the whole
    /// range when <paramref name="rules"/> is empty or any rule is <c>AnyTime</c>.
    /// </summary>
    public static IReadOnlyList<TimeRange> Expand(IReadOnlyList<DeploymentWindowRule> rules, TimeRange range)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (range.End <= range.Start)
        {
            return [];
        }

        if (rules.Count == 0 || rules.Any(rule => rule.AnyTime))
        {
            return [range];
        }

        var intervals = new List<TimeRange>();
        foreach (var rule in rules)
        {
            var zone = DateTimeZoneProviders.Tzdb[rule.TimeZone];
            // From the day before (a period may run past midnight) to the range's last local day.
            var first = Instant.FromDateTimeOffset(range.Start).InZone(zone).Date.PlusDays(-1);
            var last = Instant.FromDateTimeOffset(range.End).InZone(zone).Date;
            for (var date = first; date <= last; date = date.PlusDays(1))
            {
                foreach (var period in rule.Periods)
                {
                    if (period.Days.Contains(BclConversions.ToDayOfWeek(date.DayOfWeek)))
                    {
                        AddClipped(intervals, Occurrence(zone, date, period), range);
                    }
                }
            }
        }

        return Merge(intervals);
    }

    /// <summary>(release types listed ? 4 : 0) + (services ? 2 : 0) + (tiers ? 1 : 0): release type beats service beats tier.</summary>
    private static int Specificity(DeploymentWindowRule rule) =>
        (rule.ReleaseTypes.Count > 0 ? 4 : 0) + (rule.Services.Count > 0 ? 2 : 0) + (rule.Tiers.Count > 0 ? 1 : 0);

    private static TimeRange Occurrence(DateTimeZone zone, LocalDate date, WeeklyPeriod period)
    {
        var startLocal = date.AtMidnight().PlusMinutes(period.FromMinute);
        var endDate = period.ToMinute <= period.FromMinute ? date.PlusDays(1) : date;
        var endLocal = endDate.AtMidnight().PlusMinutes(period.ToMinute);
        var start = zone.ResolveLocal(startLocal, StartResolver).ToDateTimeOffset().ToUniversalTime();
        var end = zone.ResolveLocal(endLocal, EndResolver).ToDateTimeOffset().ToUniversalTime();
        return new TimeRange(start, end);
    }

    private static void AddClipped(List<TimeRange> intervals, TimeRange interval, TimeRange range)
    {
        var start = interval.Start > range.Start ? interval.Start : range.Start;
        var end = interval.End < range.End ? interval.End : range.End;
        // A period wholly inside a spring-forward gap resolves to an empty interval: nothing to add.
        if (start < end)
        {
            intervals.Add(new TimeRange(start, end));
        }
    }

    /// <summary>Sorts and unites overlapping or touching intervals, so a slot may run from one window into the next.</summary>
    internal static IReadOnlyList<TimeRange> Merge(List<TimeRange> intervals)
    {
        intervals.Sort((a, b) => a.Start.CompareTo(b.Start));
        var merged = new List<TimeRange>(intervals.Count);
        foreach (var interval in intervals)
        {
            if (merged.Count > 0 && interval.Start <= merged[^1].End)
            {
                if (interval.End > merged[^1].End)
                {
                    merged[^1] = merged[^1] with { End = interval.End };
                }
            }
            else
            {
                merged.Add(interval);
            }
        }

        return merged;
    }
}
