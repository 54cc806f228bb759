using System.Text.Json;
using ReleasePolicy.Policy;
using ReleasePolicy.Readiness;
using ReleasePolicy.Releases;
using ReleasePolicy.Risk;
using ReleasePolicy.Validation;

namespace ReleasePolicy.Calendar.Api;

/// <summary>
/// Reads an ad-hoc freeze request strictly (the body has passed <see cref="StrictJson"/>): a JSON object with only the
/// known, case-sensitive fields, each of the right type and within its limits, lists without duplicates. Then checks
/// it against the active policy and the clock: environments and services the policy lists, end after start and after
/// now, at most <see cref="AdHocFreezeRequest.MaxLength"/> long. Every mistake is reported at once, by field.
/// </summary>
public static class AdHocFreezeRequestParser
{
    public const int MaxReasonLength = 1000;
    public const int MaxListLength = 50;

    private static readonly HashSet<string> KnownFields = new(StringComparer.Ordinal)
    {
        "reason", "start", "end", "environments", "services", "tiers", "allowedReleaseTypes",
    };

    public static (AdHocFreezeRequest? Request, IReadOnlyList<FieldError> Errors) Parse(JsonElement root, PolicyDocument policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, [new FieldError("$", "The body must be a JSON object: { \"reason\", \"end\", \"environments\", optional \"start\", \"services\", \"tiers\", \"allowedReleaseTypes\" }.")]);
        }

        var errors = new List<FieldError>();
        foreach (JsonProperty property in root.EnumerateObject())
        {
            if (!KnownFields.Contains(property.Name))
            {
                errors.Add(new FieldError(TextCharacters.Escape(property.Name, 100), "Unknown field (names are case-sensitive camelCase)."));
            }
        }

        string? reason = Reason(root, errors);
        DateTimeOffset? start = CalendarQueryText.Instant(OptionalString(root, "start", errors), "start", errors);
        string? endText = OptionalString(root, "end", errors);
        if (endText is null && !errors.Any(e => e.Field == "end"))
        {
            errors.Add(new FieldError("end", "Required: when the freeze ends (ISO 8601 date-time with Z or an offset)."));
        }

        DateTimeOffset? end = CalendarQueryText.Instant(endText, "end", errors);
        IReadOnlyList<string>? environments = List(root, "environments", required: true, errors, (text, field) => CalendarQueryText.Environment(text, field, policy, errors));
        IReadOnlyList<string>? services = List(root, "services", required: false, errors, (text, field) => CalendarQueryText.Service(text, field, policy, errors));
        IReadOnlyList<string>? tiers = List(root, "tiers", required: false, errors, (text, field) => Tier(text, field, errors));
        IReadOnlyList<string>? allowed = List(root, "allowedReleaseTypes", required: false, errors, (text, field) => CalendarQueryText.Type(text, field, errors)?.ToPolicyName());

        DateTimeOffset effectiveStart = start ?? now;
        if (end is { } until)
        {
            if (until <= effectiveStart)
            {
                errors.Add(new FieldError("end", start is null ? "Must be after now (start defaults to now)." : "Must be after start."));
            }
            else if (until <= now)
            {
                errors.Add(new FieldError("end", "Must be in the future: a freeze that has already ended stops nothing."));
            }
            else if (until - effectiveStart > AdHocFreezeRequest.MaxLength)
            {
                errors.Add(new FieldError("end", "Must be at most P366D after start; a longer freeze belongs in the policy."));
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        ReleaseType[] types = allowed!.Select(t => ReleaseRequestParser.TryParseType(t, out ReleaseType type) ? type : throw new InvalidOperationException(t)).ToArray();
        return (new AdHocFreezeRequest(reason!, start, end!.Value, environments!, services ?? [], tiers ?? [], types), errors);
    }

    private static string? Reason(JsonElement root, List<FieldError> errors)
    {
        if (!root.TryGetProperty("reason", out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add(new FieldError("reason", $"Required: why the freeze is needed (1–{MaxReasonLength} characters)."));
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(new FieldError("reason", "Must be a string."));
            return null;
        }

        string text = value.GetString()!.Trim();
        if (text.Length is 0 or > MaxReasonLength)
        {
            errors.Add(new FieldError("reason", $"Must be 1–{MaxReasonLength} characters."));
            return null;
        }

        if (TextCharacters.FindForbidden(text, allowLineBreaks: true) is { } bad)
        {
            errors.Add(new FieldError("reason", $"May contain line feeds and tabs but no other control, format or bidirectional character; it {bad}."));
            return null;
        }

        return text;
    }

    private static string? OptionalString(JsonElement root, string name, List<FieldError> errors)
    {
        if (!root.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(new FieldError(name, "Must be a string (an ISO 8601 date-time)."));
            return null;
        }

        return value.GetString();
    }

    /// <summary>A list of strings, each read by <paramref name="item"/> (null: refused, already reported); duplicates refused.</summary>
    private static List<string>? List(JsonElement root, string name, bool required, List<FieldError> errors, Func<string, string, string?> item)
    {
        if (!root.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                errors.Add(new FieldError(name, "Required: a non-empty list."));
                return null;
            }

            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new FieldError(name, "Must be a list of strings."));
            return null;
        }

        int length = value.GetArrayLength();
        if ((required && length == 0) || length > MaxListLength)
        {
            errors.Add(new FieldError(name, $"Must list {(required ? 1 : 0)} to {MaxListLength} names."));
            return null;
        }

        var items = new List<string>();
        bool valid = true;
        int index = 0;
        foreach (JsonElement element in value.EnumerateArray())
        {
            string field = $"{name}[{index++}]";
            if (element.ValueKind != JsonValueKind.String)
            {
                errors.Add(new FieldError(field, "Must be a string."));
                valid = false;
                continue;
            }

            string? read = item(element.GetString()!, field);
            if (read is null)
            {
                valid = false;
            }
            else if (items.Contains(read, StringComparer.Ordinal))
            {
                errors.Add(new FieldError(field, $"'{read}' is listed twice."));
                valid = false;
            }
            else
            {
                items.Add(read);
            }
        }

        return valid ? items : null;
    }

    private static string? Tier(string text, string field, List<FieldError> errors)
    {
        if (text.Length <= 16 && CriticalityTierNames.TryParse(text, out CriticalityTier tier) && string.Equals(tier.ToPolicyName(), text, StringComparison.Ordinal))
        {
            return text;
        }

        errors.Add(new FieldError(field, "Must be one of: tier-0, tier-1, tier-2, tier-3."));
        return null;
    }
}
