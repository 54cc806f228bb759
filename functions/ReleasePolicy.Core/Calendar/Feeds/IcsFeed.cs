using System.Text;
using ReleasePolicy.Policy;

namespace ReleasePolicy.Calendar.Feeds;

/// <summary>
/// The release calendar as an RFC 5545 feed that Outlook and Google Calendar subscribe to: bookings as events (UTC),
/// recurring freezes as one event each with their RRULE exactly as the policy wrote it, a TZID'd DTSTART, a DURATION
/// and the zone's VTIMEZONE, and one-off and ad-hoc freezes as plain opaque events in category FREEZE.
/// </summary>
public static class IcsFeed
{
    public const string ContentType = "text/calendar; charset=utf-8";

    public const string ProductId = "-//ReleasePolicy//Release calendar//EN";

    /// <summary>The UID domain: events keep their UID across fetches, so subscribers update rather than duplicate them.</summary>
    public const string UidDomain = "releasepolicy";

    public static string BookingUid(string releaseId) => $"{releaseId}@{UidDomain}";

    public static string FreezeUid(string freezeName) => $"freeze-{freezeName}@{UidDomain}";

    public static string AdHocFreezeUid(string freezeId) => $"{freezeId}@{UidDomain}";

    public static byte[] WriteUtf8(IcsFeedContent content) => Encoding.UTF8.GetBytes(Write(content));

    public static string Write(IcsFeedContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var ics = new IcsText();
        string refresh = IcsText.FormatDuration(content.RefreshInterval);
        ics.Line("BEGIN", "VCALENDAR")
            .Line("PRODID", ProductId)
            .Line("VERSION", "2.0")
            .Line("CALSCALE", "GREGORIAN")
            .Line("METHOD", "PUBLISH")
            .Text("X-WR-CALNAME", content.Name)
            .Line("X-PUBLISHED-TTL", refresh)
            .Line("REFRESH-INTERVAL;VALUE=DURATION", refresh);

        FreezeRule[] recurring = content.Freezes.Where(f => f.IsRecurring && f.TimeZone is not null && f.LocalStart is not null && f.Duration is not null).ToArray();
        WriteTimeZones(ics, recurring, content.Range);

        foreach (IcsBooking booking in content.Bookings.OrderBy(b => b.Booking.Start).ThenBy(b => b.Booking.ReleaseId, StringComparer.Ordinal))
        {
            WriteBooking(ics, booking, content);
        }

        foreach (FreezeRule freeze in content.Freezes.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            if (recurring.Contains(freeze))
            {
                WriteRecurringFreeze(ics, freeze, content.GeneratedAt);
            }
            else if (freeze.Start is { } start && freeze.End is { } end && new TimeRange(start, end).Overlaps(content.Range))
            {
                // One-off freezes outside the feed's range are history (or far future): left out like old bookings.
                WriteFreezeEvent(ics, FreezeUid(freeze.Name), freeze.Name, freeze.Reason, new TimeRange(start, end), freeze.AllowedReleaseTypes, freeze.Overridable, adHoc: false, content.GeneratedAt);
            }
        }

        foreach (AdHocFreeze freeze in content.AdHocFreezes.OrderBy(f => f.Start).ThenBy(f => f.Id, StringComparer.Ordinal))
        {
            WriteFreezeEvent(ics, AdHocFreezeUid(freeze.Id), freeze.Id, freeze.Reason, freeze.Range, freeze.AllowedReleaseTypes, overridable: false, adHoc: true, content.GeneratedAt);
        }

        ics.Line("END", "VCALENDAR");
        return ics.ToString();
    }

    /// <summary>One VTIMEZONE per zone the recurring freezes use, covering their first DTSTART to the range's end (+1 year).</summary>
    private static void WriteTimeZones(IcsText ics, IReadOnlyList<FreezeRule> recurring, TimeRange range)
    {
        foreach (IGrouping<string, FreezeRule> zone in recurring.GroupBy(f => f.TimeZone!, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            // A day of slack either side: a local DTSTART lies within a day of its UTC instant.
            int firstYear = Math.Min(range.Start.UtcDateTime.AddDays(-1).Year, zone.Min(f => f.LocalStart!.Value.AddDays(-1).Year));
            int lastYear = range.End.UtcDateTime.Year + 1;
            IcsTimeZones.Write(ics, zone.Key, firstYear, lastYear);
        }
    }

    private static void WriteBooking(IcsText ics, IcsBooking entry, IcsFeedContent content)
    {
        Booking booking = entry.Booking;
        string title = entry.Version is { Length: > 0 } version
            ? $"{booking.Service} {version} → {booking.Environment}"
            : $"{booking.Service} → {booking.Environment}";
        string link = content.ReleaseLinkBase.TrimEnd('/') + "/api/releases/" + Uri.EscapeDataString(booking.ReleaseId);
        var description = new StringBuilder()
            .Append("Release ").Append(booking.ReleaseId).Append(" of ").Append(booking.Service)
            .Append(entry.Version is null ? string.Empty : " " + entry.Version)
            .Append(" to ").Append(booking.Environment).Append('.');
        if (booking.Resources.Count > 0)
        {
            description.Append("\nShared resources: ").Append(string.Join(", ", booking.Resources)).Append('.');
        }

        if (booking.Attempt > 0)
        {
            description.Append("\nRescheduled ").Append(booking.Attempt).Append(booking.Attempt == 1 ? " time." : " times.");
        }

        description.Append("\nRelease: ").Append(link);
        ics.Line("BEGIN", "VEVENT")
            .Text("UID", BookingUid(booking.ReleaseId))
            .UtcDateTime("DTSTAMP", content.GeneratedAt)
            .UtcDateTime("DTSTART", booking.Start);

        // DTEND must be later than DTSTART: a zero-length (ungoverned, immediate) booking is an instant, without DTEND.
        if (booking.End > booking.Start)
        {
            ics.UtcDateTime("DTEND", booking.End);
        }

        ics.Text("SUMMARY", title)
            .Text("DESCRIPTION", description.ToString())
            .Line("URL;VALUE=URI", link)
            .Line("CATEGORIES", "RELEASE")
            .Line("TRANSP", "OPAQUE")
            .Line("END", "VEVENT");
    }

    private static void WriteRecurringFreeze(IcsText ics, FreezeRule freeze, DateTimeOffset generatedAt)
    {
        string rule = freeze.RecurrenceRule!.Trim();
        if (rule.StartsWith("RRULE:", StringComparison.OrdinalIgnoreCase))
        {
            rule = rule["RRULE:".Length..];
        }

        ics.Line("BEGIN", "VEVENT")
            .Text("UID", FreezeUid(freeze.Name))
            .UtcDateTime("DTSTAMP", generatedAt)
            .Line($"DTSTART;TZID={freeze.TimeZone}", IcsText.FormatLocal(freeze.LocalStart!.Value))
            .Line("DURATION", IcsText.FormatDuration(freeze.Duration!.Value))
            .Line("RRULE", rule)
            .Text("SUMMARY", FreezeTitle(freeze.Name, adHoc: false))
            .Text("DESCRIPTION", FreezeDescription(freeze.Reason, freeze.AllowedReleaseTypes, freeze.Overridable, adHoc: false))
            .Line("CATEGORIES", "FREEZE")
            .Line("TRANSP", "OPAQUE")
            .Line("END", "VEVENT");
    }

    private static void WriteFreezeEvent(
        IcsText ics, string uid, string name, string reason, TimeRange range, IReadOnlyList<ReleaseType> allowed, bool overridable, bool adHoc, DateTimeOffset generatedAt)
    {
        ics.Line("BEGIN", "VEVENT")
            .Text("UID", uid)
            .UtcDateTime("DTSTAMP", generatedAt)
            .UtcDateTime("DTSTART", range.Start);
        if (range.End > range.Start)
        {
            ics.UtcDateTime("DTEND", range.End);
        }

        ics.Text("SUMMARY", FreezeTitle(name, adHoc))
            .Text("DESCRIPTION", FreezeDescription(reason, allowed, overridable, adHoc))
            .Line("CATEGORIES", "FREEZE")
            .Line("TRANSP", "OPAQUE")
            .Line("END", "VEVENT");
    }

    private static string FreezeTitle(string name, bool adHoc) => adHoc ? $"Ad-hoc freeze: {name}" : $"Freeze: {name}";

    private static string FreezeDescription(string reason, IReadOnlyList<ReleaseType> allowed, bool overridable, bool adHoc)
    {
        var text = new StringBuilder(reason);
        text.Append(allowed.Count == 0
            ? "\nNo release type is exempt."
            : "\nAllowed release types: " + string.Join(", ", allowed.Select(t => t.ToPolicyName())) + ".");
        text.Append(adHoc
            ? "\nAdded by an operator; cannot be overridden."
            : overridable ? "\nMay be overridden by the people the policy names." : "\nCannot be overridden.");
        return text.ToString();
    }
}
