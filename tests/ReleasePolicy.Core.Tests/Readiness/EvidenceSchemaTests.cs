using System.Text.Json;
using ReleasePolicy.Readiness;

namespace ReleasePolicy.Core.Tests.Readiness;

/// <summary>The published JSON Schema and the parser describe the same evidence shape.</summary>
public sealed class EvidenceSchemaTests
{
    [Fact]
    public void Schema_EveryDocumentedField_IsReadByTheParserNotKeptAsExtra()
    {
        using JsonDocument schema = JsonDocument.Parse(File.ReadAllText(SchemaPath()));
        var sample = new Dictionary<string, object>();
        foreach (JsonProperty field in schema.RootElement.GetProperty("properties").EnumerateObject())
        {
            sample[field.Name] = SampleValue(field.Value);
        }

        using JsonDocument evidence = JsonDocument.Parse(JsonSerializer.Serialize(sample));
        EvidenceParseResult parsed = ReleaseEvidenceParser.Parse(evidence.RootElement);

        Assert.Empty(parsed.Errors);
        Assert.True(parsed.Evidence.Extra is null || parsed.Evidence.Extra.Count == 0, "Fields the schema documents were treated as unknown: " + string.Join(", ", parsed.Evidence.Extra?.Keys ?? []));
    }

    [Theory]
    [InlineData("peerReview.reviewers", "maxItems", EvidenceLimits.MaxReviewers)]
    [InlineData("peerReview.reviewers.items", "maxLength", EvidenceLimits.MaxNameLength)]
    [InlineData("scanFindings.findings", "maxItems", EvidenceLimits.MaxFindings)]
    [InlineData("scanFindings.findings.items.id", "maxLength", EvidenceLimits.MaxFindingIdLength)]
    [InlineData("scanFindings.findings.items.title", "maxLength", EvidenceLimits.MaxFindingTitleLength)]
    [InlineData("runbook.url", "maxLength", EvidenceLimits.MaxReferenceLength)]
    [InlineData("runbook.sections", "maxItems", EvidenceLimits.MaxRunbookSections)]
    [InlineData("runbook.sections.items", "maxLength", EvidenceLimits.MaxNameLength)]
    [InlineData("rollback.procedureRef", "maxLength", EvidenceLimits.MaxReferenceLength)]
    [InlineData("rollback.rehearsedIn", "maxLength", EvidenceLimits.MaxNameLength)]
    [InlineData("loadTest.reportRef", "maxLength", EvidenceLimits.MaxReferenceLength)]
    [InlineData("change.dependencies", "maxItems", EvidenceLimits.MaxDependencies)]
    [InlineData("change.dependencies.items", "maxLength", EvidenceLimits.MaxNameLength)]
    [InlineData("rootCauseAnalysis.reference", "maxLength", EvidenceLimits.MaxNameLength)]
    [InlineData("rootCauseAnalysis.url", "maxLength", EvidenceLimits.MaxReferenceLength)]
    public void Schema_Limits_EqualTheParsersLimits(string path, string keyword, int limit)
    {
        using JsonDocument schema = JsonDocument.Parse(File.ReadAllText(SchemaPath()));
        JsonElement node = schema.RootElement;
        foreach (string step in path.Split('.'))
        {
            node = step == "items" ? node.GetProperty("items") : node.GetProperty("properties").GetProperty(step);
        }

        Assert.Equal(limit, node.GetProperty(keyword).GetInt32());
    }

    private static object SampleValue(JsonElement schema)
    {
        if (schema.TryGetProperty("enum", out JsonElement values))
        {
            return values[0].GetString()!;
        }

        return schema.GetProperty("type").GetString() switch
        {
            "object" => schema.TryGetProperty("properties", out JsonElement properties)
                ? properties.EnumerateObject().ToDictionary(p => p.Name, p => SampleValue(p.Value))
                : new Dictionary<string, object>(),
            "array" => new[] { SampleValue(schema.GetProperty("items")) },
            "number" => 0.5,
            "integer" => 1,
            "boolean" => true,
            _ when schema.TryGetProperty("format", out JsonElement format) && format.GetString() == "date-time" => "2026-11-01T10:00:00Z",
            _ => "text",
        };
    }

    private static string SchemaPath()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "docs", "release-evidence.schema.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("docs/release-evidence.schema.json not found above " + AppContext.BaseDirectory);
    }
}
