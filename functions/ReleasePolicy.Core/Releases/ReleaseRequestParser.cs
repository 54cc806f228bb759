using System.Text.Json;
using System.Text.RegularExpressions;

using ReleasePolicy.Policy;

using ReleasePolicy.Readiness;

namespace ReleasePolicy.Releases;

/// <summary>
/// Turns a pipeline's JSON body into a <see cref="ReleaseRequest"/>, or into every field error at once so the
/// caller can fix them in one go. Never throws on malformed input.
/// </summary>
public static partial class ReleaseRequestParser
{
    public const int MaxIdempotencyKeyLength = 200;

    private static readonly HashSet<string> KnownFields = new(StringComparer.Ordinal)
    {
        "service", "version", "environment", "type", "requestedBy", "changeSummary", "evidence", "idempotencyKey",
    };

    public static ParseResult Parse(ReadOnlySpan<byte> utf8Json, string? idempotencyKeyHeader)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json.ToArray(), new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException ex)
        {
            return ParseResult.Invalid(new FieldError("$", $"The body is not valid JSON: {ex.Message}"));
        }

        using (document)
        {
            return Parse(document.RootElement, idempotencyKeyHeader);
        }
    }

    public static ParseResult Parse(JsonElement root, string? idempotencyKeyHeader)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return ParseResult.Invalid(new FieldError("$", "The body must be a JSON object."));
        }

        var errors = new List<FieldError>();
        foreach (JsonProperty property in root.EnumerateObject())
        {
            if (!KnownFields.Contains(property.Name))
            {
                errors.Add(new FieldError(property.Name, "Unknown field (names are case-sensitive camelCase)."));
            }
        }

        string? service = RequiredString(root, "service", 100, errors);
        if (service is not null && !ServiceName().IsMatch(service))
        {
            errors.Add(new FieldError("service", "Use lowercase letters, digits, '.', '_' or '-', starting with a letter or digit."));
        }

        string? version = RequiredString(root, "version", 64, errors);
        string? environment = RequiredString(root, "environment", 64, errors);
        string? typeText = RequiredString(root, "type", 16, errors);
        ReleaseType type = default;
        if (typeText is not null && !TryParseType(typeText, out type))
        {
            errors.Add(new FieldError("type", "Must be one of: major, minor, patch, emergency."));
        }

        string? requestedBy = RequiredString(root, "requestedBy", 256, errors);
        string? changeSummary = RequiredString(root, "changeSummary", 4000, errors);

        string? evidenceJson = null;
        if (root.TryGetProperty("evidence", out JsonElement evidence) && evidence.ValueKind != JsonValueKind.Null)
        {
            if (evidence.ValueKind == JsonValueKind.Object)
            {
                // Checked here too, so that one answer lists every mistake in the request, evidence included.
                errors.AddRange(ReleaseEvidenceParser.Parse(evidence).Errors);
                evidenceJson = evidence.GetRawText();
            }
            else
            {
                errors.Add(new FieldError("evidence", "Must be a JSON object."));
            }
        }

        string? bodyKey = OptionalString(root, "idempotencyKey", MaxIdempotencyKeyLength, errors);
        string? headerKey = string.IsNullOrWhiteSpace(idempotencyKeyHeader) ? null : idempotencyKeyHeader.Trim();
        if (headerKey is { Length: > MaxIdempotencyKeyLength })
        {
            errors.Add(new FieldError("Idempotency-Key", $"Must be at most {MaxIdempotencyKeyLength} characters."));
        }

        if (headerKey is not null && bodyKey is not null && !string.Equals(headerKey, bodyKey, StringComparison.Ordinal))
        {
            errors.Add(new FieldError("idempotencyKey", "Differs from the Idempotency-Key header; send one or make them equal."));
        }

        if (errors.Count > 0)
        {
            return new ParseResult(null, errors);
        }

        string key = headerKey ?? bodyKey ?? ReleaseIdentity.DefaultKey(service!, version!, environment!);
        return new ParseResult(new ReleaseRequest(service!, version!, environment!, type, requestedBy!, changeSummary!, key, evidenceJson), []);
    }

    public static bool TryParseType(string text, out ReleaseType type)
    {
        switch (text)
        {
            case "major": type = ReleaseType.Major; return true;
            case "minor": type = ReleaseType.Minor; return true;
            case "patch": type = ReleaseType.Patch; return true;
            case "emergency": type = ReleaseType.Emergency; return true;
            default: type = default; return false;
        }
    }

    private static string? RequiredString(JsonElement root, string name, int maxLength, List<FieldError> errors)
    {
        if (!root.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add(new FieldError(name, "Required."));
            return null;
        }

        return ReadString(value, name, maxLength, errors);
    }

    private static string? OptionalString(JsonElement root, string name, int maxLength, List<FieldError> errors) =>
        root.TryGetProperty(name, out JsonElement value) && value.ValueKind != JsonValueKind.Null ? ReadString(value, name, maxLength, errors) : null;

    private static string? ReadString(JsonElement value, string name, int maxLength, List<FieldError> errors)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(new FieldError(name, $"Must be a string, not {value.ValueKind.ToString().ToLowerInvariant()}."));
            return null;
        }

        string text = value.GetString()!.Trim();
        if (text.Length == 0)
        {
            errors.Add(new FieldError(name, "Must not be empty."));
            return null;
        }

        if (text.Length > maxLength)
        {
            errors.Add(new FieldError(name, $"Must be at most {maxLength} characters."));
            return null;
        }

        return text;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex ServiceName();
}

/// <summary>Either a request or the reasons there is none.</summary>
public sealed record ParseResult(ReleaseRequest? Request, IReadOnlyList<FieldError> Errors)
{
    public static ParseResult Invalid(FieldError error) => new(null, [error]);
}
