using System.Text.Json;
using ReleasePolicy.Readiness;
using ReleasePolicy.Validation;

namespace ReleasePolicy.Deployment.Signals;

/// <summary>
/// Reads an Azure Monitor alert in the common alert schema (<c>{schemaId, data: {essentials, alertContext,
/// customProperties}}</c>), as an action group's webhook posts it and as Event Grid may carry it in an event's data.
/// Only what decides the release and the verdict is read; <c>alertContext</c> differs per signal type and is kept in
/// the stored data, not here. A missing or invalid required part is one <see cref="FieldError"/> with its path.
/// </summary>
public static class AzureMonitorAlertParser
{
    public const string SchemaId = "azureMonitorCommonAlertSchema";

    /// <summary>Ids, rules and resource ids longer than this are refused: Azure's own are far shorter.</summary>
    public const int MaxTextLength = 1024;

    /// <summary>At most this many target ids, configuration items or custom properties are read.</summary>
    public const int MaxItems = 100;

    private static readonly string[] Severities = ["Sev0", "Sev1", "Sev2", "Sev3", "Sev4"];

    /// <summary>Whether <paramref name="root"/> declares itself a common-schema alert (it may still be malformed).</summary>
    public static bool IsCommonAlertSchema(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object
        && root.TryGetProperty("schemaId", out JsonElement schema)
        && schema.ValueKind == JsonValueKind.String
        && schema.ValueEquals(SchemaId);

    /// <summary>Whether an event's data (JSON text, or null) declares itself a common-schema alert.</summary>
    public static bool IsCommonAlertSchema(string? dataJson)
    {
        if (dataJson is null)
        {
            return false;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(dataJson, new JsonDocumentOptions { MaxDepth = StrictJson.MaxDepth });
            return IsCommonAlertSchema(document.RootElement);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public static AlertParseResult Parse(JsonElement root)
    {
        var problems = new Problems();
        AzureMonitorAlert? alert = Read(root, problems);
        return problems.First is { } error ? new AlertParseResult(null, error) : new AlertParseResult(alert, null);
    }

    public static AlertParseResult Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using JsonDocument document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = StrictJson.MaxDepth });
            return Parse(document.RootElement);
        }
        catch (JsonException)
        {
            return new AlertParseResult(null, new FieldError("$", "The body is not JSON."));
        }
    }

    private static AzureMonitorAlert? Read(JsonElement root, Problems p)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return p.Add<AzureMonitorAlert>("$", "An alert is a JSON object in the common alert schema.");
        }

        if (!root.TryGetProperty("schemaId", out JsonElement schema) || schema.ValueKind != JsonValueKind.String)
        {
            return p.Add<AzureMonitorAlert>("schemaId", $"Required: \"{SchemaId}\" (enable the common alert schema on the action group).");
        }

        if (!schema.ValueEquals(SchemaId))
        {
            return p.Add<AzureMonitorAlert>("schemaId", $"Must be \"{SchemaId}\"; other alert schemas are not accepted.");
        }

        if (RequiredObject(root, "data", "data", p) is not { } data || RequiredObject(data, "essentials", "data.essentials", p) is not { } essentials)
        {
            return null;
        }

        string? alertId = RequiredText(essentials, "alertId", "data.essentials.alertId", p);
        string? severity = RequiredText(essentials, "severity", "data.essentials.severity", p);
        if (severity is not null && !Severities.Contains(severity, StringComparer.Ordinal))
        {
            p.Add<string>("data.essentials.severity", "Must be one of Sev0, Sev1, Sev2, Sev3, Sev4.");
        }

        string? condition = RequiredText(essentials, "monitorCondition", "data.essentials.monitorCondition", p);
        if (condition is not null and not ("Fired" or "Resolved"))
        {
            p.Add<string>("data.essentials.monitorCondition", "Must be Fired or Resolved.");
        }

        var alert = new AzureMonitorAlert(
            alertId ?? string.Empty,
            OptionalText(essentials, "alertRule", "data.essentials.alertRule", p) ?? string.Empty,
            severity ?? string.Empty,
            condition == "Fired",
            TextList(essentials, "alertTargetIDs", "data.essentials.alertTargetIDs", p),
            TextList(essentials, "configurationItems", "data.essentials.configurationItems", p),
            CustomProperties(data, p),
            OptionalTime(essentials, "firedDateTime", "data.essentials.firedDateTime", p),
            OptionalTime(essentials, "resolvedDateTime", "data.essentials.resolvedDateTime", p),
            OptionalText(essentials, "description", "data.essentials.description", p, maxLength: 4096));
        return p.Any ? null : alert;
    }

    private static JsonElement? RequiredObject(JsonElement parent, string name, string path, Problems p) =>
        parent.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Object
            ? value
            : p.Add<JsonElement?>(path, "Required, a JSON object.");

    private static string? RequiredText(JsonElement parent, string name, string path, Problems p)
    {
        bool present = parent.TryGetProperty(name, out JsonElement value) && value.ValueKind != JsonValueKind.Null;
        string? text = OptionalText(parent, name, path, p);
        return text is null && !(present && p.Any) ? p.Add<string>(path, "Required, a non-empty string.") : text;
    }

    /// <summary>Null when absent, null or empty; a value of another type, too long, or with control characters is a problem.</summary>
    private static string? OptionalText(JsonElement parent, string name, string path, Problems p, int maxLength = MaxTextLength)
    {
        if (!parent.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            return p.Add<string>(path, $"Must be a string, not {Kind(value)}.");
        }

        string text = value.GetString()!;
        if (text.Length == 0)
        {
            return null;
        }

        return Identifiers.CheckText(text, maxLength) is { } reason ? p.Add<string>(path, reason) : text;
    }

    private static IReadOnlyList<string> TextList(JsonElement parent, string name, string path, Problems p)
    {
        if (!parent.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            return p.Add<IReadOnlyList<string>>(path, $"Must be an array of strings, not {Kind(value)}.") ?? [];
        }

        if (value.GetArrayLength() > MaxItems)
        {
            return p.Add<IReadOnlyList<string>>(path, $"At most {MaxItems} entries.") ?? [];
        }

        var items = new List<string>();
        int index = 0;
        foreach (JsonElement item in value.EnumerateArray())
        {
            string itemPath = $"{path}[{index++}]";
            if (item.ValueKind != JsonValueKind.String)
            {
                return p.Add<IReadOnlyList<string>>(itemPath, $"Must be a string, not {Kind(item)}.") ?? [];
            }

            if (Identifiers.CheckText(item.GetString()!, MaxTextLength) is { } reason)
            {
                return p.Add<IReadOnlyList<string>>(itemPath, reason) ?? [];
            }

            items.Add(item.GetString()!);
        }

        return items;
    }

    /// <summary>
    /// <c>data.customProperties</c>: the action rule's or action group's key/value pairs. Azure sends strings; a value of
    /// another type cannot equal a mapping's text, so only string values are kept. <c>null</c> (the usual) is empty.
    /// </summary>
    private static IReadOnlyDictionary<string, string> CustomProperties(JsonElement data, Problems p)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!data.TryGetProperty("customProperties", out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return properties;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return p.Add<IReadOnlyDictionary<string, string>>("data.customProperties", $"Must be an object or null, not {Kind(value)}.") ?? properties;
        }

        foreach (JsonProperty property in value.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                continue;
            }

            if (properties.Count == MaxItems)
            {
                return p.Add<IReadOnlyDictionary<string, string>>("data.customProperties", $"At most {MaxItems} string properties.") ?? properties;
            }

            if (Identifiers.CheckText(property.Name, MaxTextLength) is not null || Identifiers.CheckText(property.Value.GetString()!, MaxTextLength) is not null)
            {
                string path = "data.customProperties." + TextCharacters.Escape(property.Name, maxLength: 100);
                return p.Add<IReadOnlyDictionary<string, string>>(path, $"Names and values must be printable text of at most {MaxTextLength} characters.") ?? properties;
            }

            properties[property.Name] = property.Value.GetString()!;
        }

        return properties;
    }

    private static DateTimeOffset? OptionalTime(JsonElement parent, string name, string path, Problems p)
    {
        if (!parent.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out DateTimeOffset time)
            ? time
            : p.Add<DateTimeOffset?>(path, "Must be an ISO 8601 date-time, e.g. 2026-11-27T10:04:12.5521904Z.");
    }

    private static string Kind(JsonElement value) => value.ValueKind.ToString().ToLowerInvariant();

    /// <summary>The first problem found; later reads after one are skipped by their callers.</summary>
    private sealed class Problems
    {
        public FieldError? First { get; private set; }

        public bool Any => this.First is not null;

        /// <summary>Records the problem (the first wins) and returns <c>default</c>, so a read can end with <c>return p.Add(...)</c>.</summary>
        public T? Add<T>(string path, string reason)
        {
            this.First ??= new FieldError(path, reason);
            return default;
        }
    }
}

/// <summary>An alert, or the first reason (with its field path) that the body is not one.</summary>
public sealed record AlertParseResult(AzureMonitorAlert? Alert, FieldError? Error);
