using System.Globalization;
using Ical.Net.DataTypes;
using NodaTime;
using ReleasePolicy.Policy.Yaml;
using ReleasePolicy.Risk;
using ReleasePolicy.Validation;

namespace ReleasePolicy.Policy;

/// <summary>Field readers of the calendar section: time zones, instants, recurrence rules, durations and name lists.</summary>
public static partial class PolicyParser
{
    private static void RefuseKey(YamlFieldReader reader, YMapping item, string key, string path, string message)
    {
        if (item[key] is not null)
        {
            reader.FieldError(item, key, path, message);
        }
    }

    /// <summary>An IANA zone id known to the TZDB NodaTime embeds (so the host needs no OS time zone data).</summary>
    private static string? ReadTimeZone(YamlFieldReader reader, YMapping item, string key, string path, bool required)
    {
        var text = reader.Text(item, key, path, required);
        if (text is null || DateTimeZoneProviders.Tzdb.GetZoneOrNull(text) is not null)
        {
            return text;
        }

        reader.FieldError(item, key, path, $"unknown time zone '{text}'; use an IANA id such as Europe/London, America/New_York or UTC");
        return null;
    }

    /// <summary>A one-off freeze bound: an RFC 3339 date-time with its offset or Z.</summary>
    private static DateTimeOffset? ReadInstant(YamlFieldReader reader, YMapping item, string key, string path)
    {
        var text = reader.Text(item, key, path, required: true);
        if (text is null)
        {
            return null;
        }

        // The format's K also matches no offset at all, which would read the time in the host's zone: the offset is required.
        var hasOffset = text.EndsWith('Z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
        if (hasOffset && DateTimeOffset.TryParseExact(text, InstantFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            return instant;
        }

        reader.FieldError(item, key, path, $"expected a date-time with an offset, e.g. 2026-12-18T00:00:00Z or 2026-12-18T00:00:00+01:00, but found '{text}'");
        return null;
    }

    private static readonly string[] InstantFormats = ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mmK"];
    private static readonly string[] LocalFormats = ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm"];

    /// <summary>A recurring freeze's first start: local wall-clock time in its timeZone (the RFC 5545 DTSTART with TZID).</summary>
    private static DateTime? ReadLocalStart(YamlFieldReader reader, YMapping item, string key, string path)
    {
        var text = reader.Text(item, key, path, required: true);
        if (text is null)
        {
            return null;
        }

        if (DateTime.TryParseExact(text, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        }

        reader.FieldError(item, key, path, $"expected a local date-time without offset (read in timeZone), e.g. 2026-03-29T00:00:00, but found '{text}'");
        return null;
    }

    /// <summary>
    /// An RFC 5545 RRULE value (without the <c>RRULE:</c> prefix), parsed by Ical.Net as the engine will. Rules that
    /// repeat more often than daily are refused: a freeze every few minutes is a mistake, and would make expansion costly.
    /// </summary>
    private static string? ReadRecurrenceRule(YamlFieldReader reader, YMapping item, string key, string path)
    {
        var text = reader.Text(item, key, path, required: true);
        if (text is null)
        {
            return null;
        }

        string? problem;
        try
        {
            var pattern = new RecurrencePattern(text);
            problem = pattern.Frequency switch
            {
                Ical.Net.FrequencyType.Secondly or Ical.Net.FrequencyType.Minutely or Ical.Net.FrequencyType.Hourly =>
                    $"FREQ={pattern.Frequency.ToString().ToUpperInvariant()} is finer than a freeze can be; use DAILY, WEEKLY, MONTHLY or YEARLY",
                _ => pattern.Interval < 1 ? "INTERVAL must be at least 1" : null,
            };
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidOperationException)
        {
            problem = exception.Message;
        }

        if (problem is null)
        {
            return text;
        }

        reader.FieldError(item, key, path, $"not a valid RFC 5545 recurrence rule ('{text}'): {problem}");
        return null;
    }

    /// <summary>A whole-second duration from zero (when <paramref name="allowZero"/>) or one second up to <paramref name="max"/>.</summary>
    private static TimeSpan? ReadCalendarDuration(
        YamlFieldReader reader, YMapping map, string key, string path, bool required, bool allowZero, TimeSpan max)
    {
        var node = reader.Field(map, key, path, required);
        if (node is null)
        {
            return null;
        }

        if (allowZero && node is YScalar { Value: "PT0S" or "PT0M" or "PT0H" or "P0D" or "00:00:00" })
        {
            return TimeSpan.Zero;
        }

        var duration = WholeDuration(reader, node, YamlFieldReader.Join(path, key));
        if (duration > max)
        {
            reader.FieldError(map, key, path, $"must be at most {DurationText.Format(max)} (found {DurationText.Format(duration.Value)})");
            return null;
        }

        return duration;
    }

    private static List<ReleaseType>? ReadReleaseTypeList(YamlFieldReader reader, YMapping item, string key, string path)
    {
        var names = ReadCalendarList(reader, item, key, path, required: false, static text =>
            ReleaseTypeNames.All.Contains(text) ? null : YamlFieldReader.Unknown("release type", text, ReleaseTypeNames.All));
        if (names is null)
        {
            return null;
        }

        return names.ConvertAll(static name => ReleaseTypeNames.TryParse(name, out var type) ? type : default);
    }

    /// <summary>
    /// A list of names (one alone is accepted) each checked by <paramref name="rule"/> (returns why it is not
    /// acceptable); listing a name twice is reported. Absent and not required: an empty list.
    /// </summary>
    private static List<string>? ReadCalendarList(
        YamlFieldReader reader, YMapping map, string key, string path, bool required, Func<string, string?> rule)
    {
        var node = reader.Field(map, key, path, required);
        if (node is null)
        {
            return required ? null : [];
        }

        var fieldPath = YamlFieldReader.Join(path, key);
        IReadOnlyList<YNode>? items = node is YScalar ? [node] : reader.Sequence(node, fieldPath)?.Items;
        if (items is null)
        {
            return null;
        }

        if (required && items.Count == 0)
        {
            reader.Error(node, fieldPath, $"at least one is required in '{key}'");
            return null;
        }

        var names = new List<string>(items.Count);
        var valid = true;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = node is YScalar ? fieldPath : YamlFieldReader.Index(fieldPath, i);
            string? problem = items[i] is YScalar { IsNull: false } scalar && !string.IsNullOrWhiteSpace(scalar.Value)
                ? rule(scalar.Value) ?? (seen.Add(scalar.Value) ? null : $"'{scalar.Value}' is listed twice")
                : $"expected a name but found {YamlFieldReader.Describe(items[i])}";
            if (problem is null)
            {
                names.Add(((YScalar)items[i]).Value);
            }
            else
            {
                reader.Error(items[i], itemPath, problem);
                valid = false;
            }
        }

        return valid ? names : null;
    }

    /// <summary>Checks calendar names against the policy's scope (skipped when the scope itself could not be read).</summary>
    private sealed class CalendarNames(PolicyScope? scope)
    {
        public string? Environment(string name) =>
            scope is null || scope.Environments.Any(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase))
                ? null
                : $"environment '{name}' is not listed under scope.environments";

        public string? Service(string name) =>
            scope is null || scope.Services.Any(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
                ? null
                : $"service '{name}' is not listed under scope.services";

        public static string? Tier(string name) =>
            CriticalityTierNames.TryParse(name, out var tier) && tier.ToPolicyName() == name
                ? null
                : $"unknown tier '{name}'; expected one of tier-0, tier-1, tier-2, tier-3";
    }
}
