using System.Text.Json;
using System.Text.Json.Nodes;
using ReleasePolicy.Readiness;

namespace ReleasePolicy.Core.Tests.Readiness;

public class EvidenceLimitsTests
{
    private static EvidenceParseResult Parse(JsonObject evidence)
    {
        using var document = JsonDocument.Parse(evidence.ToJsonString());
        return ReleaseEvidenceParser.Parse(document.RootElement);
    }

    private static JsonArray Findings(int count, int titleLength = 10) =>
        new(Enumerable.Range(0, count).Select(i => (JsonNode)new JsonObject
        {
            ["id"] = $"CVE-2026-{i}",
            ["title"] = new string('t', titleLength),
            ["severity"] = "low",
        }).ToArray());

    [Fact]
    public void Parse_MaximumFindings_AreAccepted()
    {
        var result = Parse(new JsonObject { ["scanFindings"] = new JsonObject { ["findings"] = Findings(EvidenceLimits.MaxFindings) } });

        Assert.Empty(result.Errors);
        Assert.Equal(EvidenceLimits.MaxFindings, result.Evidence.ScanFindings!.Findings!.Count);
    }

    [Fact]
    public void Parse_TooManyFindings_NamesTheList()
    {
        var result = Parse(new JsonObject { ["scanFindings"] = new JsonObject { ["findings"] = Findings(EvidenceLimits.MaxFindings + 1) } });

        var error = Assert.Single(result.Errors);
        Assert.Equal("evidence.scanFindings.findings", error.Field);
        Assert.Contains("at most 10000 items", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("id", 101, "evidence.scanFindings.findings[0].id")]
    [InlineData("title", 301, "evidence.scanFindings.findings[0].title")]
    public void Parse_FindingTextTooLong_NamesTheField(string field, int length, string path)
    {
        var finding = new JsonObject { ["id"] = "CVE-1", ["title"] = "t", ["severity"] = "high" };
        finding[field] = new string('x', length);

        var result = Parse(new JsonObject { ["scanFindings"] = new JsonObject { ["findings"] = new JsonArray(finding) } });

        Assert.Equal(path, Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void Parse_UnknownSeverity_IsRefused()
    {
        var finding = new JsonObject { ["id"] = "CVE-1", ["title"] = "t", ["severity"] = "catastrophic" };

        var result = Parse(new JsonObject { ["scanFindings"] = new JsonObject { ["findings"] = new JsonArray(finding) } });

        Assert.Equal("evidence.scanFindings.findings[0].severity", Assert.Single(result.Errors).Field);
    }

    [Theory]
    [InlineData("peerReview", "reviewers", EvidenceLimits.MaxReviewers)]
    [InlineData("runbook", "sections", EvidenceLimits.MaxRunbookSections)]
    [InlineData("change", "dependencies", EvidenceLimits.MaxDependencies)]
    public void Parse_ListsAreBounded(string section, string list, int max)
    {
        JsonObject Evidence(int count) => new()
        {
            [section] = new JsonObject { [list] = new JsonArray(Enumerable.Range(0, count).Select(i => (JsonNode)$"item-{i}").ToArray()) },
        };

        Assert.Empty(Parse(Evidence(max)).Errors);
        Assert.Equal($"evidence.{section}.{list}", Assert.Single(Parse(Evidence(max + 1)).Errors).Field);
    }

    [Theory]
    [InlineData("runbook", "url", EvidenceLimits.MaxReferenceLength)]
    [InlineData("rollback", "procedureRef", EvidenceLimits.MaxReferenceLength)]
    [InlineData("rollback", "rehearsedIn", EvidenceLimits.MaxNameLength)]
    [InlineData("loadTest", "reportRef", EvidenceLimits.MaxReferenceLength)]
    [InlineData("rootCauseAnalysis", "reference", EvidenceLimits.MaxNameLength)]
    [InlineData("rootCauseAnalysis", "url", EvidenceLimits.MaxReferenceLength)]
    public void Parse_StringsAreBounded(string section, string field, int max)
    {
        JsonObject Evidence(int length) => new() { [section] = new JsonObject { [field] = new string('r', length) } };

        Assert.Empty(Parse(Evidence(max)).Errors);
        Assert.Equal($"evidence.{section}.{field}", Assert.Single(Parse(Evidence(max + 1)).Errors).Field);
    }

    [Fact]
    public void Parse_ListItemTooLong_NamesTheItem()
    {
        var evidence = new JsonObject { ["peerReview"] = new JsonObject { ["reviewers"] = new JsonArray("bob", new string('x', EvidenceLimits.MaxNameLength + 1)) } };

        Assert.Equal("evidence.peerReview.reviewers[1]", Assert.Single(Parse(evidence).Errors).Field);
    }
}
