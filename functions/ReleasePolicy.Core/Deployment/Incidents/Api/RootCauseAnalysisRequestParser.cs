using System.Text.Json;
using ReleasePolicy.Readiness;
using ReleasePolicy.Validation;

namespace ReleasePolicy.Deployment.Incidents.Api;

/// <summary>
/// Reads a root-cause analysis strictly (the body has passed <see cref="StrictJson"/>): an object with only
/// <c>findings</c> (1–8000 characters), <c>actions</c> (1–50 strings of 1–500 characters, no duplicates) and an optional
/// <c>reference</c> (1–200 characters, e.g. a problem ticket id). Every mistake is reported at once, by field.
/// </summary>
public static class RootCauseAnalysisRequestParser
{
    public const int MaxFindingsLength = 8000;
    public const int MaxActions = 50;
    public const int MaxActionLength = 500;
    public const int MaxReferenceLength = 200;

    private static readonly HashSet<string> KnownFields = new(StringComparer.Ordinal) { "findings", "actions", "reference" };

    public static (RootCauseAnalysisRequest? Request, IReadOnlyList<FieldError> Errors) Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, [new FieldError("$", "The body must be a JSON object: { \"findings\", \"actions\", optional \"reference\" }.")]);
        }

        var errors = new List<FieldError>();
        foreach (JsonProperty property in root.EnumerateObject())
        {
            if (!KnownFields.Contains(property.Name))
            {
                errors.Add(new FieldError(TextCharacters.Escape(property.Name, 100), "Unknown field (names are case-sensitive camelCase)."));
            }
        }

        string? findings = Text(root, "findings", required: true, MaxFindingsLength, allowLineBreaks: true, errors);
        IReadOnlyList<string>? actions = Actions(root, errors);
        string? reference = Text(root, "reference", required: false, MaxReferenceLength, allowLineBreaks: false, errors);
        return errors.Count > 0 ? (null, errors) : (new RootCauseAnalysisRequest(findings!, actions!, reference), errors);
    }

    private static string? Text(JsonElement root, string name, bool required, int maxLength, bool allowLineBreaks, List<FieldError> errors)
    {
        if (!root.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                errors.Add(new FieldError(name, $"Required: 1–{maxLength} characters."));
            }

            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? Check(value.GetString()!, name, maxLength, allowLineBreaks, errors)
            : Refuse(errors, name, "Must be a string.");
    }

    private static List<string>? Actions(JsonElement root, List<FieldError> errors)
    {
        if (!root.TryGetProperty("actions", out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add(new FieldError("actions", $"Required: the follow-up actions, 1–{MaxActions} strings."));
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new FieldError("actions", "Must be a list of strings."));
            return null;
        }

        int length = value.GetArrayLength();
        if (length is 0 or > MaxActions)
        {
            errors.Add(new FieldError("actions", $"Must list 1 to {MaxActions} actions."));
            return null;
        }

        var actions = new List<string>(length);
        bool valid = true;
        int index = 0;
        foreach (JsonElement element in value.EnumerateArray())
        {
            string field = $"actions[{index++}]";
            string? action = element.ValueKind == JsonValueKind.String
                ? Check(element.GetString()!, field, MaxActionLength, allowLineBreaks: true, errors)
                : Refuse(errors, field, "Must be a string.");
            if (action is null)
            {
                valid = false;
            }
            else if (actions.Contains(action, StringComparer.Ordinal))
            {
                errors.Add(new FieldError(field, "The same action is listed twice."));
                valid = false;
            }
            else
            {
                actions.Add(action);
            }
        }

        return valid ? actions : null;
    }

    /// <summary>Trimmed, within its length, and free of characters that would make the record read differently than stored.</summary>
    private static string? Check(string raw, string field, int maxLength, bool allowLineBreaks, List<FieldError> errors)
    {
        string text = raw.Trim();
        if (text.Length is 0 || text.Length > maxLength)
        {
            return Refuse(errors, field, $"Must be 1–{maxLength} characters (not only spaces).");
        }

        return TextCharacters.FindForbidden(text, allowLineBreaks) is { } bad
            ? Refuse(errors, field, allowLineBreaks
                ? $"May contain line feeds and tabs but no other control, format or bidirectional character; it {bad}."
                : $"May not contain control, format or bidirectional characters; it {bad}.")
            : text;
    }

    private static string? Refuse(List<FieldError> errors, string field, string reason)
    {
        errors.Add(new FieldError(field, reason));
        return null;
    }
}
