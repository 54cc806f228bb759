using System.Globalization;
using System.Text.RegularExpressions;

namespace ReleasePolicy.Policy;

/// <summary>
/// Parses RTO values: ISO 8601 day/time durations ("PT4H", "P1DT12H") or "hh:mm:ss" (hours may exceed 23).
/// Years, months and weeks are rejected because their length is ambiguous for a recovery objective.
/// </summary>
internal static partial class DurationText
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var clock = ClockPattern().Match(text);
        if (clock.Success)
        {
            return TryBuild(0, Value(clock, 1), Value(clock, 2), Value(clock, 3), out duration);
        }

        var iso = IsoPattern().Match(text);
        if (!iso.Success || text is "P" or "PT" || text.EndsWith('T'))
        {
            return false;
        }

        return TryBuild(Value(iso, 1), Value(iso, 2), Value(iso, 3), Value(iso, 4), out duration);
    }

    private static double Value(Match match, int group) =>
        match.Groups[group].Success
            ? double.Parse(match.Groups[group].Value, NumberStyles.Float, CultureInfo.InvariantCulture)
            : 0;

    private static bool TryBuild(double days, double hours, double minutes, double seconds, out TimeSpan duration)
    {
        var totalSeconds = (((days * 24) + hours) * 60 + minutes) * 60 + seconds;
        // Cap at ten years: anything longer is a typo, and it keeps TimeSpan arithmetic far from overflow.
        if (totalSeconds is <= 0 or > 10 * 366 * 86400.0)
        {
            duration = default;
            return false;
        }

        duration = TimeSpan.FromSeconds(totalSeconds);
        return true;
    }

    public static string Format(TimeSpan duration) => duration.ToString("c", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(\d{1,5}):([0-5]\d):([0-5]\d)$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex ClockPattern();

    [GeneratedRegex(
        @"^P(?:(\d{1,4})D)?(?:T(?:(\d{1,5})H)?(?:(\d{1,6})M)?(?:(\d{1,7}(?:\.\d{1,6})?)S)?)?$",
        RegexOptions.CultureInvariant,
        matchTimeoutMilliseconds: 100)]
    private static partial Regex IsoPattern();
}
