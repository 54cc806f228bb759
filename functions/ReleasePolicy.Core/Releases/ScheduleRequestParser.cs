using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ReleasePolicy.Policy;
using ReleasePolicy.Readiness;

namespace ReleasePolicy.Releases;

/// <summary>
/// The request's optional <c>schedule</c> object: <c>notBefore</c> (RFC 3339 date-time with an offset),
/// <c>duration</c> (ISO 8601, whole seconds, at most <see cref="MaxDuration"/>), <c>dependsOn</c> (at most
/// <see cref="MaxDependencies"/> distinct release ids) and <c>freezeOverride</c> (<c>{ reason }</c>). Every mistake is a
/// field error named by its path, e.g. <c>schedule.dependsOn[2]</c>.
/// </summary>
internal static partial class ScheduleRequestParser
{
    public const int MaxDependencies = 20;
    public const int MaxReasonLength = 1000;
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(2);

    private static readonly HashSet<string> KnownFields = new(StringComparer.Ordinal) { "notBefore", "duration", "dependsOn", "freezeOverride" };

    public static ScheduleRequest? Parse(JsonElement root, List<FieldError> errors)
    {
        if (!root.TryGetProperty("schedule", out JsonElement schedule) || schedule.ValueKind == JsonValueKind.Null)
        {
            return ScheduleRequest.None;
        }

        if (schedule.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError("schedule", $"Must be a JSON object, not {Kind(schedule)}."));
            return null;
        }

        var errorsBefore = errors.Count;
        foreach (JsonProperty property in schedule.EnumerateObject())
        {
            if (!KnownFields.Contains(property.Name))
            {
                errors.Add(new FieldError($"schedule.{property.Name}", "Unknown field (names are case-sensitive camelCase)."));
            }
        }

        DateTimeOffset? notBefore = Optional(schedule, "notBefore", errors, ReadNotBefore);
        TimeSpan? duration = Optional(schedule, "duration", errors, ReadDuration);
        IReadOnlyList<string> dependsOn = Optional(schedule, "dependsOn", errors, ReadDependsOn) ?? [];
        FreezeOverrideRequest? freezeOverride = Optional(schedule, "freezeOverride", errors, ReadFreezeOverride);
        return errors.Count > errorsBefore ? null : new ScheduleRequest(notBefore, duration, dependsOn, freezeOverride);
    }

    private static T? Optional<T>(JsonElement schedule, string name, List<FieldError> errors, Func<JsonElement, string, List<FieldError>, T?> read) =>
        schedule.TryGetProperty(name, out JsonElement value) && value.ValueKind != JsonValueKind.Null ? read(value, $"schedule.{name}", errors) : default;

    private static DateTimeOffset? ReadNotBefore(JsonElement value, string field, List<FieldError> errors)
    {
        string? text = ReleaseRequestParser.ReadString(value, field, 40, errors);
        if (text is null)
        {
            return null;
        }

        // The offset is required: a time without one would be read in the server's zone.
        if (DateTimePattern().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset instant))
        {
            return instant;
        }

        errors.Add(new FieldError(field, "Must be an RFC 3339 date-time with an offset, e.g. 2026-12-01T10:00:00Z."));
        return null;
    }

    private static TimeSpan? ReadDuration(JsonElement value, string field, List<FieldError> errors)
    {
        string? text = ReleaseRequestParser.ReadString(value, field, 40, errors);
        if (text is null)
        {
            return null;
        }

        if (text.StartsWith('P') && DurationText.TryParse(text, out TimeSpan duration) && duration.Ticks % TimeSpan.TicksPerSecond == 0)
        {
            if (duration <= MaxDuration)
            {
                return duration;
            }

            errors.Add(new FieldError(field, "Must be at most P2D."));
            return null;
        }

        errors.Add(new FieldError(field, "Must be a positive ISO 8601 duration in whole seconds, e.g. PT45M or PT1H30M."));
        return null;
    }

    private static List<string>? ReadDependsOn(JsonElement value, string field, List<FieldError> errors)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new FieldError(field, $"Must be an array of release ids, not {Kind(value)}."));
            return null;
        }

        if (value.GetArrayLength() > MaxDependencies)
        {
            errors.Add(new FieldError(field, $"Must list at most {MaxDependencies} releases."));
            return null;
        }

        var ids = new List<string>(value.GetArrayLength());
        var index = 0;
        var valid = true;
        foreach (JsonElement item in value.EnumerateArray())
        {
            string itemField = string.Create(CultureInfo.InvariantCulture, $"{field}[{index++}]");
            string? id = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
            string? problem = item.ValueKind != JsonValueKind.String ? $"Must be a string, not {Kind(item)}."
                : !ReleaseIdentity.IsWellFormed(id) ? "Must be a release id (rel- and 32 lowercase hex digits)."
                : ids.Contains(id!, StringComparer.Ordinal) ? "Is listed twice."
                : null;
            if (problem is null)
            {
                ids.Add(id!);
            }
            else
            {
                errors.Add(new FieldError(itemField, problem));
                valid = false;
            }
        }

        return valid ? ids : null;
    }

    private static FreezeOverrideRequest? ReadFreezeOverride(JsonElement value, string field, List<FieldError> errors)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError(field, $"Must be a JSON object, not {Kind(value)}."));
            return null;
        }

        foreach (JsonProperty property in value.EnumerateObject())
        {
            if (property.Name != "reason")
            {
                errors.Add(new FieldError($"{field}.{property.Name}", "Unknown field (names are case-sensitive camelCase)."));
            }
        }

        string reasonField = $"{field}.reason";
        if (!value.TryGetProperty("reason", out JsonElement reasonValue) || reasonValue.ValueKind == JsonValueKind.Null)
        {
            errors.Add(new FieldError(reasonField, "Required: say why the freeze must be broken."));
            return null;
        }

        string? reason = ReleaseRequestParser.ReadString(reasonValue, reasonField, MaxReasonLength, errors);
        if (reason is not null && ReleaseRequestParser.SummaryProblem(reason) is { } problem)
        {
            errors.Add(new FieldError(reasonField, problem));
            return null;
        }

        return reason is null ? null : new FreezeOverrideRequest(reason);
    }

    private static string Kind(JsonElement value) => value.ValueKind.ToString().ToLowerInvariant();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,7})?(?:Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex DateTimePattern();
}
