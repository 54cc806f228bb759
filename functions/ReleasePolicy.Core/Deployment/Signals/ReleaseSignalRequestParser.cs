using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ReleasePolicy.Readiness;
using ReleasePolicy.Validation;

namespace ReleasePolicy.Deployment.Signals;

/// <summary>
/// Reads the body of <c>POST /api/releases/{id}/signals</c> strictly: <c>id</c> (1 to 128 of <c>A-Z a-z 0-9 . _ : -</c>,
/// starting with a letter or digit), <c>type</c> (a signal a sender may post: never an alert, which only Azure Monitor
/// sends), optional <c>time</c> (RFC 3339 with an offset) and optional <c>data</c> (an object of at most 64 KiB). Any
/// other top-level field is refused by name, so a typo is not silently dropped. Every problem is reported at once.
/// </summary>
public static partial class ReleaseSignalRequestParser
{
    public const int MaxIdLength = 128;

    /// <summary>64 KiB of data: a health sample or a pipeline's note, not a log dump (it travels into the orchestration's history).</summary>
    public const int MaxDataBytes = 64 * 1024;

    /// <summary>The types a sender may post here; <see cref="SignalTypes.AzureMonitorAlert"/> comes only from <c>POST /api/alerts</c>.</summary>
    public static IReadOnlyList<string> Types { get; } =
    [
        SignalTypes.DeploymentStarted,
        SignalTypes.DeploymentSucceeded,
        SignalTypes.DeploymentFailed,
        SignalTypes.RollbackCompleted,
        SignalTypes.HealthSample,
        SignalTypes.ManualRollback,
    ];

    private static readonly string[] Fields = ["id", "type", "time", "data"];

    /// <summary>The body has already passed <see cref="StrictJson"/> (UTF-8, no duplicate names, bounded depth).</summary>
    public static (ReleaseSignalRequest? Request, IReadOnlyList<FieldError> Errors) Parse(byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        using JsonDocument document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = StrictJson.MaxDepth });
        JsonElement root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, [new FieldError("$", "The body must be a JSON object: {\"id\", \"type\", \"time\", \"data\"}.")]);
        }

        var errors = new List<FieldError>();
        foreach (JsonProperty property in root.EnumerateObject())
        {
            if (!Fields.Contains(property.Name, StringComparer.Ordinal))
            {
                errors.Add(new FieldError(TextCharacters.Escape(property.Name, maxLength: 100), "Unknown field; a signal has id, type, time and data."));
            }
        }

        string? id = Text(root, "id", errors);
        if (id is not null && !IdPattern().IsMatch(id))
        {
            errors.Add(new FieldError("id", $"Use 1 to {MaxIdLength} of A-Z, a-z, 0-9, '.', '_', ':' or '-', starting with a letter or digit."));
        }

        string? type = Text(root, "type", errors);
        if (type is not null && !Types.Contains(type, StringComparer.Ordinal))
        {
            errors.Add(new FieldError("type", type == SignalTypes.AzureMonitorAlert
                ? "Alerts come from Azure Monitor to POST /api/alerts, not from here."
                : "Must be one of: " + string.Join(", ", Types) + "."));
        }

        DateTimeOffset? time = Time(root, errors);
        string? data = Data(root, errors);
        return errors.Count > 0 ? (null, errors) : (new ReleaseSignalRequest(id!, type!, time, data), errors);
    }

    private static string? Text(JsonElement root, string name, List<FieldError> errors)
    {
        if (!root.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add(new FieldError(name, "Required."));
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(new FieldError(name, $"Must be a string, not {Kind(value)}."));
            return null;
        }

        return value.GetString();
    }

    private static DateTimeOffset? Time(JsonElement root, List<FieldError> errors)
    {
        if (!root.TryGetProperty("time", out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        // The offset is required: a time without one would be read in the server's zone.
        if (value.ValueKind == JsonValueKind.String
            && DateTimePattern().IsMatch(value.GetString()!)
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset time))
        {
            return time;
        }

        errors.Add(new FieldError("time", "Must be an RFC 3339 date-time with an offset, e.g. 2026-12-01T10:00:00Z."));
        return null;
    }

    private static string? Data(JsonElement root, List<FieldError> errors)
    {
        if (!root.TryGetProperty("data", out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError("data", $"Must be a JSON object, not {Kind(value)}."));
            return null;
        }

        string text = value.GetRawText();
        if (Encoding.UTF8.GetByteCount(text) > MaxDataBytes)
        {
            errors.Add(new FieldError("data", $"Must be at most {MaxDataBytes / 1024} KiB."));
            return null;
        }

        return text;
    }

    private static string Kind(JsonElement value) => value.ValueKind.ToString().ToLowerInvariant();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,7})?(?:Z|[+-]\d{2}:\d{2})\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex DateTimePattern();
}
