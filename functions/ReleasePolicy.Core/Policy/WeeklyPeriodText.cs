using System.Globalization;
using System.Text.RegularExpressions;

namespace ReleasePolicy.Policy;

/// <summary>
/// Parses a window period: days then a local time range, e.g. <c>Mon-Thu 09:00-16:00</c>, <c>Sat,Sun 00:00-24:00</c>
/// or <c>Fri 22:00-02:00</c> (ends the next day). Days are three-letter English names, single or as ranges (a range
/// may wrap past Sunday: <c>Fri-Mon</c>), joined by commas; times are HH:mm and 24:00 is accepted only as an end.
/// </summary>
internal static partial class WeeklyPeriodText
{
    private const int MinutesPerDay = 24 * 60;

    // Monday first, the way people write working weeks; DayOfWeek numbers Sunday 0.
    private static readonly string[] DayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    public static bool TryParse(string text, out WeeklyPeriod? period, out string? problem)
    {
        period = null;
        var match = PeriodPattern().Match(text);
        if (!match.Success)
        {
            problem = $"expected days and a local time range such as 'Mon-Thu 09:00-16:00', 'Sat,Sun 00:00-24:00' or 'Fri 22:00-02:00', but found '{text}'";
            return false;
        }

        var days = ParseDays(match.Groups["days"].Value, out problem);
        if (days is null)
        {
            return false;
        }

        var from = Minutes(match.Groups["from"].Value);
        var to = Minutes(match.Groups["to"].Value);
        if (from is null or MinutesPerDay || to is null)
        {
            problem = $"'{text}': times must be 00:00 to 23:59 (24:00 only as the end)";
            return false;
        }

        if (from == to)
        {
            problem = $"'{text}': the period starts and ends at the same time; use 00:00-24:00 for a whole day";
            return false;
        }

        // A period ending at 00:00 is the same as one ending at 24:00: stored as 24:00 so To > From reads "same day".
        period = new WeeklyPeriod(days, from.Value, to == 0 ? MinutesPerDay : to.Value, text);
        return true;
    }

    private static List<DayOfWeek>? ParseDays(string text, out string? problem)
    {
        var seen = new bool[7];
        foreach (var part in text.Split(','))
        {
            var bounds = part.Split('-');
            var first = Array.FindIndex(DayNames, d => string.Equals(d, bounds[0], StringComparison.OrdinalIgnoreCase));
            var last = bounds.Length == 2 ? Array.FindIndex(DayNames, d => string.Equals(d, bounds[1], StringComparison.OrdinalIgnoreCase)) : first;
            if (first < 0 || last < 0)
            {
                problem = $"unknown day in '{part}'; use {string.Join(", ", DayNames)} (ranges like Mon-Fri, lists like Sat,Sun)";
                return null;
            }

            // Walk forward from the first day to the last, wrapping past Sunday.
            for (var day = first; ; day = (day + 1) % 7)
            {
                if (seen[day])
                {
                    problem = $"day {DayNames[day]} is listed twice";
                    return null;
                }

                seen[day] = true;
                if (day == last)
                {
                    break;
                }
            }
        }

        problem = null;
        var days = new List<DayOfWeek>(7);
        for (var i = 0; i < 7; i++)
        {
            if (seen[i])
            {
                days.Add((DayOfWeek)((i + 1) % 7));
            }
        }

        return days;
    }

    private static int? Minutes(string hhmm)
    {
        var hours = int.Parse(hhmm.AsSpan(0, 2), CultureInfo.InvariantCulture);
        var minutes = int.Parse(hhmm.AsSpan(3, 2), CultureInfo.InvariantCulture);
        if (minutes > 59 || hours > 24 || (hours == 24 && minutes != 0))
        {
            return null;
        }

        return (hours * 60) + minutes;
    }

    [GeneratedRegex(
        @"^(?<days>[A-Za-z]{3}(?:-[A-Za-z]{3})?(?:,[A-Za-z]{3}(?:-[A-Za-z]{3})?)*) (?<from>\d\d:\d\d)-(?<to>\d\d:\d\d)$",
        RegexOptions.CultureInvariant,
        matchTimeoutMilliseconds: 100)]
    private static partial Regex PeriodPattern();
}
