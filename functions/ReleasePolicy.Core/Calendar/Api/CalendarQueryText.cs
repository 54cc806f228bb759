using System.Globalization;
using ReleasePolicy.Policy;
using ReleasePolicy.Readiness;
using ReleasePolicy.Risk;
using ReleasePolicy.Validation;

namespace ReleasePolicy.Calendar.Api;

/// <summary>
/// Reads the calendar API's query parameters and JSON fields: each reader returns null and adds a
/// <see cref="FieldError"/> naming the parameter when the text is not acceptable, so one answer lists every mistake.
/// </summary>
public static class CalendarQueryText
{
    /// <summary>Instants outside these years are typos; refusing them keeps range arithmetic far from overflow.</summary>
    public static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset Latest = new(2200, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The longest duration a slot listing may ask for.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(366);

    private static readonly string[] InstantFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK",
    ];

    /// <summary>
    /// An instant: ISO 8601 with <c>Z</c> or an offset (<c>2026-12-01T09:00:00Z</c>, <c>2026-12-01T10:00+01:00</c>), or a
    /// date alone (<c>2026-12-01</c>, midnight UTC). A local time without an offset is refused: it names no instant.
    /// Sub-second parts are dropped (calendars exchange whole seconds).
    /// </summary>
    public static DateTimeOffset? Instant(string? text, string field, List<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (text is null)
        {
            return null;
        }

        DateTimeOffset? instant = null;
        if (text.Length <= 40)
        {
            if (DateTimeOffset.TryParseExact(text, InstantFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset parsed)
                && HasOffset(text))
            {
                instant = WholeSeconds(parsed.ToUniversalTime());
            }
            else if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly day))
            {
                instant = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            }
        }

        if (instant is null)
        {
            errors.Add(new FieldError(field, "Must be an ISO 8601 date-time with Z or an offset (e.g. 2026-12-01T09:00:00Z), or a date (2026-12-01, midnight UTC)."));
        }
        else if (instant < Earliest || instant >= Latest)
        {
            errors.Add(new FieldError(field, "Must lie in the years 2000 to 2199."));
            instant = null;
        }

        return instant;
    }

    /// <summary>A positive ISO 8601 day/time duration of whole minutes (<c>PT45M</c>, <c>PT2H</c>, <c>P1DT6H</c>).</summary>
    public static TimeSpan? Duration(string? text, string field, List<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (text is null)
        {
            return null;
        }

        if (text.Length <= 40 && DurationText.TryParse(text, out TimeSpan duration) && duration > TimeSpan.Zero && duration <= MaxDuration && duration.Ticks % TimeSpan.TicksPerMinute == 0)
        {
            return duration;
        }

        errors.Add(new FieldError(field, "Must be a positive ISO 8601 duration of whole minutes, at most P366D (e.g. PT45M, PT2H, P1DT6H)."));
        return null;
    }

    public static int? Count(string? text, string field, int min, int max, List<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (text is null)
        {
            return null;
        }

        if (text.Length <= 10 && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int count) && count >= min && count <= max)
        {
            return count;
        }

        errors.Add(new FieldError(field, string.Create(CultureInfo.InvariantCulture, $"Must be a whole number from {min} to {max}.")));
        return null;
    }

    public static ReleaseType? Type(string? text, string field, List<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (text is null)
        {
            return null;
        }

        if (text.Length <= 16 && Releases.ReleaseRequestParser.TryParseType(text, out ReleaseType type))
        {
            return type;
        }

        errors.Add(new FieldError(field, "Must be one of: major, minor, patch, emergency."));
        return null;
    }

    /// <summary>An environment name: well-formed, and one the active policy lists.</summary>
    public static string? Environment(string? text, string field, PolicyDocument policy, List<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(errors);
        if (text is null)
        {
            return null;
        }

        if (Identifiers.CheckEnvironment(text) is { } malformed)
        {
            errors.Add(new FieldError(field, malformed));
            return null;
        }

        if (!policy.Scope.Environments.Any(e => string.Equals(e.Name, text, StringComparison.Ordinal)))
        {
            errors.Add(new FieldError(field, $"The active policy has no environment '{text}'; it lists: {string.Join(", ", policy.Scope.Environments.Select(e => e.Name))}."));
            return null;
        }

        return text;
    }

    /// <summary>A service name: well-formed, and one the active policy governs.</summary>
    public static string? Service(string? text, string field, PolicyDocument policy, List<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(errors);
        if (text is null)
        {
            return null;
        }

        if (Identifiers.CheckService(text) is { } malformed)
        {
            errors.Add(new FieldError(field, malformed));
            return null;
        }

        if (!policy.Scope.Services.Any(s => string.Equals(s.Name, text, StringComparison.Ordinal)))
        {
            errors.Add(new FieldError(field, $"The active policy governs no service '{TextCharacters.Escape(text, 100)}'."));
            return null;
        }

        return text;
    }

    /// <summary>The service's criticality tier in policy spelling (<c>tier-0</c>...), or null when not given or not governed.</summary>
    public static string? TierOf(PolicyDocument policy, string? service)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return service is null ? null : policy.Scope.Services.FirstOrDefault(s => string.Equals(s.Name, service, StringComparison.Ordinal))?.Tier.ToPolicyName();
    }

    private static bool HasOffset(string text) =>
        text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');

    private static DateTimeOffset WholeSeconds(DateTimeOffset instant) =>
        new(instant.Ticks - (instant.Ticks % TimeSpan.TicksPerSecond), instant.Offset);
}
