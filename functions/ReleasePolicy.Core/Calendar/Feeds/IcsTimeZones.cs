using NodaTime;
using NodaTime.TimeZones;

namespace ReleasePolicy.Calendar.Feeds;

/// <summary>
/// VTIMEZONE components from NodaTime's embedded TZDB (no OS tzdata needed). Each offset change in the covered years is
/// written as its own STANDARD or DAYLIGHT observance with an explicit DTSTART (no RRULE), so what a client computes
/// is exactly TZDB's answer for those years, including zones whose rules changed. Outside the covered years a client
/// extends the last observance; the feed covers every year its events (and recurring freezes' first DTSTART) touch,
/// plus one, and clients refresh it (REFRESH-INTERVAL).
/// </summary>
internal static class IcsTimeZones
{
    /// <summary>Whether TZDB knows <paramref name="zoneId"/> (an IANA id such as <c>Europe/London</c>).</summary>
    public static bool IsKnown(string zoneId) => DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId) is not null;

    /// <summary>Writes the VTIMEZONE for <paramref name="zoneId"/> covering whole UTC years from <paramref name="firstYear"/> to <paramref name="lastYear"/>.</summary>
    public static void Write(IcsText ics, string zoneId, int firstYear, int lastYear)
    {
        DateTimeZone zone = DateTimeZoneProviders.Tzdb[zoneId];
        Instant from = Instant.FromUtc(firstYear, 1, 1, 0, 0);
        Instant to = Instant.FromUtc(lastYear + 1, 1, 1, 0, 0);

        ics.Line("BEGIN", "VTIMEZONE").Line("TZID", zone.Id);
        ZoneInterval? previous = null;
        foreach (ZoneInterval interval in zone.GetZoneIntervals(from, to))
        {
            // The observance in force at the start of the range: its onset if TZDB has one, else the range start.
            ZoneInterval before = previous ?? (interval.HasStart ? zone.GetZoneInterval(interval.Start - Duration.FromTicks(1)) : interval);
            WriteObservance(ics, interval, before);
            previous = interval;
        }

        ics.Line("END", "VTIMEZONE");
    }

    private static void WriteObservance(IcsText ics, ZoneInterval interval, ZoneInterval before)
    {
        string kind = interval.Savings != Offset.Zero ? "DAYLIGHT" : "STANDARD";

        // DTSTART is the onset as a local time in the offset in force just before it (RFC 5545 §3.6.5).
        LocalDateTime onset = interval.HasStart
            ? interval.Start.WithOffset(before.WallOffset).LocalDateTime
            : new LocalDateTime(1970, 1, 1, 0, 0);
        ics.Line("BEGIN", kind)
            .Line("DTSTART", IcsText.FormatLocal(onset.ToDateTimeUnspecified()))
            .Line("TZOFFSETFROM", IcsText.FormatOffset(before.WallOffset.ToTimeSpan()))
            .Line("TZOFFSETTO", IcsText.FormatOffset(interval.WallOffset.ToTimeSpan()));
        if (!string.IsNullOrEmpty(interval.Name))
        {
            ics.Text("TZNAME", interval.Name);
        }

        ics.Line("END", kind);
    }
}
