using System.Text.Json;

using ReleasePolicy.Policy;
using ReleasePolicy.Readiness;
using ReleasePolicy.Validation;

namespace ReleasePolicy.Releases;

/// <summary>
/// Turns a pipeline's JSON body into a <see cref="ReleaseRequest"/>, or into every field error at once so the
/// caller can fix them in one go. Never throws on malformed input. Limits: see <see cref="Identifiers"/> for
/// service, version, environment, requestedBy and the idempotency key; changeSummary is at most
/// <see cref="MaxChangeSummaryLength"/> characters and may contain \n and \t but no other control character; the
/// optional <c>schedule</c> is read by <see cref="ScheduleRequestParser"/>.
/// </summary>
public static class ReleaseRequestParser
{
    public const int MaxIdempotencyKeyLength = Identifiers.MaxIdempotencyKeyLength;
    public const int MaxChangeSummaryLength = 4000;

    private static readonly HashSet<string> KnownFields = new(StringComparer.Ordinal)
    {
        "service", "version", "environment", "type", "requestedBy", "changeSummary", "evidence", "idempotencyKey", "schedule",
    };

    public static ParseResult Parse(ReadOnlySpan<byte> utf8Json, string? idempotencyKeyHeader)
    {
        // Strict first: after this, the document has no duplicate names, no lone surrogates and a bounded depth, so
        // every later read of it is safe.
        if (StrictJson.Check(utf8Json) is { } malformed)
        {
            return ParseResult.Invalid(malformed);
        }

        using (JsonDocument document = JsonDocument.Parse(utf8Json.ToArray(), new JsonDocumentOptions { MaxDepth = StrictJson.MaxDepth }))
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

        string? service = Checked(RequiredString(root, "service", Identifiers.MaxServiceLength, errors), "service", Identifiers.CheckService, errors);
        string? version = Checked(RequiredString(root, "version", Identifiers.MaxVersionLength, errors), "version", Identifiers.CheckVersion, errors);
        string? environment = Checked(RequiredString(root, "environment", Identifiers.MaxEnvironmentLength, errors), "environment", Identifiers.CheckEnvironment, errors);
        string? typeText = RequiredString(root, "type", 16, errors);
        ReleaseType type = default;
        if (typeText is not null && !TryParseType(typeText, out type))
        {
            errors.Add(new FieldError("type", "Must be one of: major, minor, patch, emergency."));
        }

        string? requestedBy = Checked(RequiredString(root, "requestedBy", Identifiers.MaxPersonLength, errors), "requestedBy", t => Identifiers.CheckText(t, Identifiers.MaxPersonLength), errors);
        string? changeSummary = Checked(RequiredString(root, "changeSummary", MaxChangeSummaryLength, errors), "changeSummary", SummaryProblem, errors);

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

        ScheduleRequest? schedule = ScheduleRequestParser.Parse(root, errors);

        string? bodyKey = Checked(OptionalString(root, "idempotencyKey", MaxIdempotencyKeyLength, errors), "idempotencyKey", KeyProblem, errors);
        // HTTP trims spaces and tabs around header values; anything else (NEL, zero-width…) is refused, not trimmed.
        string? headerKey = idempotencyKeyHeader?.Trim(' ', '\t') is { Length: > 0 } trimmed ? trimmed : null;
        if (headerKey is not null && KeyProblem(headerKey) is { } headerProblem)
        {
            errors.Add(new FieldError("Idempotency-Key", headerProblem));
            headerKey = null;
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
        return new ParseResult(new ReleaseRequest(service!, version!, environment!, type, requestedBy!, changeSummary!, key, evidenceJson) { Schedule = schedule! }, []);
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

    /// <summary>Applies an identifier rule to a value that has passed the type and length checks.</summary>
    private static string? Checked(string? value, string name, Func<string, string?> problem, List<FieldError> errors)
    {
        if (value is null || problem(value) is not { } reason)
        {
            return value;
        }

        errors.Add(new FieldError(name, reason));
        return null;
    }

    private static string? KeyProblem(string key) => Identifiers.CheckText(key, MaxIdempotencyKeyLength);

    internal static string? SummaryProblem(string summary) =>
        TextCharacters.FindForbidden(summary, allowLineBreaks: true) is { } reason
            ? $"May contain line feeds and tabs but no other control, format or bidirectional character; it {reason}."
            : null;

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

    internal static string? ReadString(JsonElement value, string name, int maxLength, List<FieldError> errors)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(new FieldError(name, $"Must be a string, not {value.ValueKind.ToString().ToLowerInvariant()}."));
            return null;
        }

        // Only spaces are trimmed: a control character at either end is refused, not silently dropped.
        string text = value.GetString()!.Trim(' ');
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
}

/// <summary>Either a request or the reasons there is none.</summary>
public sealed record ParseResult(ReleaseRequest? Request, IReadOnlyList<FieldError> Errors)
{
    public static ParseResult Invalid(FieldError error) => new(null, [error]);
}
