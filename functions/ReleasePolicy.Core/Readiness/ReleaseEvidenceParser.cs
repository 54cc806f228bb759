using System.Globalization;
using System.Text.Json;

namespace ReleasePolicy.Readiness;

/// <summary>
/// Reads evidence JSON into <see cref="ReleaseEvidence"/>. Wrong types become <see cref="FieldError"/>s and leave the
/// field empty (so its gate fails later); JSON nulls count as absent; unknown fields are kept in
/// <see cref="ReleaseEvidence.Extra"/>. Never throws for any <see cref="JsonElement"/>.
/// </summary>
public static class ReleaseEvidenceParser
{
    private const string Root = "evidence";

    public static EvidenceParseResult Parse(JsonElement evidence)
    {
        var context = new Context();
        if (evidence.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return new EvidenceParseResult(ReleaseEvidence.Empty, context.Errors);
        }

        if (evidence.ValueKind != JsonValueKind.Object)
        {
            context.Error(Root, $"expected an object but found {Describe(evidence)}");
            return new EvidenceParseResult(ReleaseEvidence.Empty, context.Errors);
        }

        double? coverage = null;
        PeerReviewEvidence? peerReview = null;
        ScanFindingsEvidence? scan = null;
        RunbookEvidence? runbook = null;
        RollbackEvidence? rollback = null;
        LoadTestEvidence? loadTest = null;
        ChangeEvidence? change = null;
        SchemaMigrationEvidence? schema = null;
        RootCauseAnalysisEvidence? rootCause = null;

        foreach (var property in evidence.EnumerateObject())
        {
            var value = property.Value;
            var path = $"{Root}.{property.Name}";
            if (value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            switch (property.Name)
            {
                case "testCoverage":
                    coverage = context.Fraction(value, path);
                    break;
                case "peerReview":
                    peerReview = context.Object(value, path, static (c, o, p) => new PeerReviewEvidence(
                        c.StringList(o, "reviewers", p, EvidenceLimits.MaxReviewers, EvidenceLimits.MaxNameLength),
                        c.Count(o, "approvals", p)), ["reviewers", "approvals"]);
                    break;
                case "scanFindings":
                    scan = context.Object(value, path, static (c, o, p) => new ScanFindingsEvidence(
                        c.Count(o, "critical", p),
                        c.Count(o, "high", p),
                        c.Count(o, "medium", p),
                        c.Count(o, "low", p),
                        c.Findings(o, p)), ["critical", "high", "medium", "low", "findings"]);
                    break;
                case "runbook":
                    runbook = context.Object(value, path, static (c, o, p) => new RunbookEvidence(
                        c.String(o, "url", p, EvidenceLimits.MaxReferenceLength),
                        c.StringList(o, "sections", p, EvidenceLimits.MaxRunbookSections, EvidenceLimits.MaxNameLength)), ["url", "sections"]);
                    break;
                case "rollback":
                    rollback = context.Object(value, path, static (c, o, p) => new RollbackEvidence(
                        c.String(o, "procedureRef", p, EvidenceLimits.MaxReferenceLength),
                        c.Timestamp(o, "rehearsedAt", p),
                        c.String(o, "rehearsedIn", p, EvidenceLimits.MaxNameLength)), ["procedureRef", "rehearsedAt", "rehearsedIn"]);
                    break;
                case "loadTest":
                    loadTest = context.Object(value, path, static (c, o, p) => new LoadTestEvidence(
                        c.String(o, "reportRef", p, EvidenceLimits.MaxReferenceLength),
                        c.Bool(o, "passed", p),
                        c.Timestamp(o, "executedAt", p)), ["reportRef", "passed", "executedAt"]);
                    break;
                case "change":
                    change = context.Object(value, path, static (c, o, p) => new ChangeEvidence(
                        c.Count(o, "filesChanged", p),
                        c.Count(o, "linesChanged", p),
                        c.StringList(o, "dependencies", p, EvidenceLimits.MaxDependencies, EvidenceLimits.MaxNameLength)), ["filesChanged", "linesChanged", "dependencies"]);
                    break;
                case "schemaMigration":
                    schema = context.Object(value, path, static (c, o, p) => new SchemaMigrationEvidence(
                        c.Bool(o, "present", p),
                        c.Bool(o, "backwardCompatible", p),
                        c.Bool(o, "downMigrationTested", p)), ["present", "backwardCompatible", "downMigrationTested"]);
                    break;
                case "rootCauseAnalysis":
                    rootCause = context.Object(value, path, static (c, o, p) => new RootCauseAnalysisEvidence(
                        c.String(o, "reference", p, EvidenceLimits.MaxNameLength),
                        c.String(o, "url", p, EvidenceLimits.MaxReferenceLength)), ["reference", "url"]);
                    break;
                default:
                    context.Keep(property.Name, value);
                    break;
            }
        }

        var parsed = new ReleaseEvidence(
            coverage, peerReview, scan, runbook, rollback, loadTest, change, schema, context.Extra, rootCause);
        return new EvidenceParseResult(parsed, context.Errors);
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private sealed class Context
    {
        private Dictionary<string, JsonElement>? extra;

        public List<FieldError> Errors { get; } = [];

        public IReadOnlyDictionary<string, JsonElement>? Extra => extra;

        public void Error(string path, string reason) => Errors.Add(new FieldError(path, reason));

        public void Keep(string relativePath, JsonElement value)
        {
            extra ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            // Clone so the value outlives the JsonDocument the caller may dispose.
            extra[relativePath] = value.Clone();
        }

        public T? Object<T>(JsonElement value, string path, Func<Context, JsonElement, string, T> read, string[] known)
            where T : class
        {
            if (value.ValueKind != JsonValueKind.Object)
            {
                Error(path, $"expected an object but found {Describe(value)}");
                return null;
            }

            foreach (var property in value.EnumerateObject())
            {
                if (Array.IndexOf(known, property.Name) < 0)
                {
                    Keep($"{path[(Root.Length + 1)..]}.{property.Name}", property.Value);
                }
            }

            return read(this, value, path);
        }

        public double? Fraction(JsonElement value, string path)
        {
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
            {
                Error(path, $"expected a number between 0 and 1 but found {Describe(value)}");
                return null;
            }

            if (number is < 0 or > 1)
            {
                Error(path, string.Create(CultureInfo.InvariantCulture, $"expected a number between 0 and 1 but found {number}"));
                return null;
            }

            return number;
        }

        public int? Count(JsonElement parent, string name, string parentPath)
        {
            if (!TryGet(parent, name, out var value))
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number) || number < 0)
            {
                Error($"{parentPath}.{name}", $"expected a non-negative whole number but found {Show(value)}");
                return null;
            }

            return number;
        }

        public bool? Bool(JsonElement parent, string name, string parentPath)
        {
            if (!TryGet(parent, name, out var value))
            {
                return null;
            }

            if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                return value.GetBoolean();
            }

            Error($"{parentPath}.{name}", $"expected true or false but found {Describe(value)}");
            return null;
        }

        public string? String(JsonElement parent, string name, string parentPath, int maxLength)
        {
            if (!TryGet(parent, name, out var value))
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.String)
            {
                return Bounded(value.GetString()!, $"{parentPath}.{name}", maxLength);
            }

            Error($"{parentPath}.{name}", $"expected a string but found {Describe(value)}");
            return null;
        }

        public IReadOnlyList<string>? StringList(JsonElement parent, string name, string parentPath, int maxCount, int maxLength)
        {
            if (!TryGet(parent, name, out var value))
            {
                return null;
            }

            var path = $"{parentPath}.{name}";
            if (value.ValueKind != JsonValueKind.Array)
            {
                Error(path, $"expected an array of strings but found {Describe(value)}");
                return null;
            }

            if (!WithinCount(value, path, maxCount))
            {
                return null;
            }

            var items = new List<string>(value.GetArrayLength());
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String)
                {
                    if (Bounded(item.GetString()!, string.Create(CultureInfo.InvariantCulture, $"{path}[{index}]"), maxLength) is { } text)
                    {
                        items.Add(text);
                    }
                }
                else
                {
                    Error(string.Create(CultureInfo.InvariantCulture, $"{path}[{index}]"), $"expected a string but found {Describe(item)}");
                }

                index++;
            }

            return items;
        }

        /// <summary>
        /// ISO 8601 timestamps. One without an offset is read as UTC so that the decision does not depend on the
        /// time zone of whichever server evaluates it.
        /// </summary>
        public DateTimeOffset? Timestamp(JsonElement parent, string name, string parentPath)
        {
            if (!TryGet(parent, name, out var value))
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var parsed))
            {
                var text = value.GetString()!;
                var timeStart = text.IndexOf('T', StringComparison.OrdinalIgnoreCase);
                var hasOffset = timeStart >= 0
                    && (text.EndsWith('Z') || text.EndsWith('z') || text.AsSpan(timeStart).IndexOfAny('+', '-') >= 0);
                return hasOffset ? parsed : new DateTimeOffset(parsed.DateTime, TimeSpan.Zero);
            }

            Error($"{parentPath}.{name}", $"expected an ISO 8601 date-time string but found {Show(value)}");
            return null;
        }

        public IReadOnlyList<ScanFinding>? Findings(JsonElement parent, string parentPath)
        {
            if (!TryGet(parent, "findings", out var value))
            {
                return null;
            }

            var path = $"{parentPath}.findings";
            if (value.ValueKind != JsonValueKind.Array)
            {
                Error(path, $"expected an array of findings but found {Describe(value)}");
                return null;
            }

            if (!WithinCount(value, path, EvidenceLimits.MaxFindings))
            {
                return null;
            }

            var findings = new List<ScanFinding>(value.GetArrayLength());
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                var itemPath = string.Create(CultureInfo.InvariantCulture, $"{path}[{index++}]");
                if (item.ValueKind != JsonValueKind.Object)
                {
                    Error(itemPath, $"expected an object but found {Describe(item)}");
                    continue;
                }

                findings.Add(new ScanFinding(
                    String(item, "id", itemPath, EvidenceLimits.MaxFindingIdLength),
                    String(item, "title", itemPath, EvidenceLimits.MaxFindingTitleLength),
                    Severity(item, itemPath)));
            }

            return findings;
        }

        private string? Severity(JsonElement finding, string findingPath)
        {
            var severity = String(finding, "severity", findingPath, maxLength: 16);
            if (severity is null or "critical" or "high" or "medium" or "low")
            {
                return severity;
            }

            Error($"{findingPath}.severity", "expected one of critical, high, medium, low");
            return null;
        }

        private string? Bounded(string text, string path, int maxLength)
        {
            if (text.Length <= maxLength)
            {
                return text;
            }

            Error(path, string.Create(CultureInfo.InvariantCulture, $"must be at most {maxLength} characters but has {text.Length}"));
            return null;
        }

        private bool WithinCount(JsonElement array, string path, int maxCount)
        {
            var count = array.GetArrayLength();
            if (count <= maxCount)
            {
                return true;
            }

            Error(path, string.Create(CultureInfo.InvariantCulture, $"must have at most {maxCount} items but has {count}"));
            return false;
        }

        private static bool TryGet(JsonElement parent, string name, out JsonElement value) =>
            parent.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

        private static string Show(JsonElement value) =>
            value.ValueKind is JsonValueKind.Number or JsonValueKind.String && value.GetRawText().Length <= 40
                ? $"{Describe(value)} {value.GetRawText()}"
                : Describe(value);
    }
}
