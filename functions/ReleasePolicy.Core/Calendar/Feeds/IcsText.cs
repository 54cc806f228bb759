using System.Globalization;
using System.Text;

namespace ReleasePolicy.Calendar.Feeds;

/// <summary>
/// RFC 5545 content-line writing: TEXT escaping (§3.3.11), line folding at 75 octets (§3.1), CRLF, and the value
/// formats the feed uses (UTC and local DATE-TIME, DURATION, UTC-OFFSET). Hand-written rather than Ical.Net's
/// serializer so that RRULEs go out exactly as the policy wrote them and the bytes are deterministic.
/// </summary>
public sealed class IcsText
{
    /// <summary>The most octets a physical line may hold, CRLF excluded.</summary>
    public const int MaxLineOctets = 75;

    private readonly StringBuilder text = new();

    /// <summary>A property whose value is already in its value type's syntax (no escaping).</summary>
    public IcsText Line(string nameAndParameters, string value)
    {
        this.Fold(nameAndParameters + ":" + value);
        return this;
    }

    /// <summary>A TEXT property: its value is escaped.</summary>
    public IcsText Text(string name, string value) => this.Line(name, EscapeText(value));

    public IcsText UtcDateTime(string name, DateTimeOffset instant) => this.Line(name, FormatUtc(instant));

    public override string ToString() => this.text.ToString();

    /// <summary>Escapes TEXT: backslash, semicolon and comma get a backslash, line breaks become <c>\n</c>; other control characters are dropped.</summary>
    public static string EscapeText(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var escaped = new StringBuilder(value.Length + 8);
        string normalized = value.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        foreach (char c in normalized)
        {
            switch (c)
            {
                case '\\': escaped.Append(@"\\"); break;
                case ';': escaped.Append(@"\;"); break;
                case ',': escaped.Append(@"\,"); break;
                case '\n': escaped.Append(@"\n"); break;
                default:
                    // RFC 5545 TEXT excludes the control characters (CONTROL); a tab is allowed (WSP).
                    if (c == '\t' || !char.IsControl(c))
                    {
                        escaped.Append(c);
                    }

                    break;
            }
        }

        return escaped.ToString();
    }

    /// <summary><c>yyyyMMddTHHmmssZ</c> (whole seconds, as calendars exchange them).</summary>
    public static string FormatUtc(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A floating/local DATE-TIME (used with a TZID parameter, or inside VTIMEZONE): <c>yyyyMMddTHHmmss</c>.</summary>
    public static string FormatLocal(DateTime local) => local.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);

    /// <summary>
    /// A DURATION: days as a nominal <c>D</c> part (so a P3D freeze keeps its wall-clock length across a DST change,
    /// as the policy's own ISO 8601 text means it), the rest as <c>T..H..M..S</c>; never weeks mixed with other parts.
    /// </summary>
    public static string FormatDuration(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "A calendar duration cannot be negative.");
        }

        if (duration == TimeSpan.Zero)
        {
            return "PT0S";
        }

        var text = new StringBuilder("P");
        if (duration.Days > 0)
        {
            text.Append(duration.Days.ToString(CultureInfo.InvariantCulture)).Append('D');
        }

        if (duration.Hours > 0 || duration.Minutes > 0 || duration.Seconds > 0)
        {
            text.Append('T');
            if (duration.Hours > 0)
            {
                text.Append(duration.Hours.ToString(CultureInfo.InvariantCulture)).Append('H');
            }

            if (duration.Minutes > 0)
            {
                text.Append(duration.Minutes.ToString(CultureInfo.InvariantCulture)).Append('M');
            }

            if (duration.Seconds > 0)
            {
                text.Append(duration.Seconds.ToString(CultureInfo.InvariantCulture)).Append('S');
            }
        }

        return text.Length == 1 ? "PT0S" : text.ToString();
    }

    /// <summary>A UTC-OFFSET: <c>+HHMM</c>, or <c>+HHMMSS</c> when the offset has seconds (old local mean times).</summary>
    public static string FormatOffset(TimeSpan offset)
    {
        char sign = offset < TimeSpan.Zero ? '-' : '+';
        TimeSpan magnitude = offset.Duration();
        string hhmm = string.Create(CultureInfo.InvariantCulture, $"{sign}{magnitude.Hours + (magnitude.Days * 24):D2}{magnitude.Minutes:D2}");
        return magnitude.Seconds == 0 ? hhmm : hhmm + magnitude.Seconds.ToString("D2", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Writes one content line, folded so that no physical line exceeds 75 octets of UTF-8; a fold never splits a
    /// character's bytes (nor a surrogate pair), and each continuation line starts with one space.
    /// </summary>
    private void Fold(string line)
    {
        int octets = 0;
        int limit = MaxLineOctets;
        for (int i = 0; i < line.Length; i++)
        {
            int width = char.IsHighSurrogate(line[i]) && i + 1 < line.Length && char.IsLowSurrogate(line[i + 1])
                ? 4
                : Encoding.UTF8.GetByteCount(line.AsSpan(i, 1));
            if (octets + width > limit)
            {
                this.text.Append("\r\n ");
                octets = 1;
            }

            this.text.Append(line[i]);
            if (width == 4)
            {
                this.text.Append(line[++i]);
            }

            octets += width;
        }

        this.text.Append("\r\n");
    }
}
