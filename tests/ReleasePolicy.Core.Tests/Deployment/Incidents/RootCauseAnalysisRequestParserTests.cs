using System.Text.Json;
using ReleasePolicy.Deployment.Incidents.Api;

namespace ReleasePolicy.Core.Tests.Deployment.Incidents;

/// <summary>The RCA body is strict: known fields only, bounded text, 1–50 distinct actions.</summary>
public class RootCauseAnalysisRequestParserTests
{
    private static (RootCauseAnalysisRequest? Request, IReadOnlyList<ReleasePolicy.Readiness.FieldError> Errors) Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return RootCauseAnalysisRequestParser.Parse(document.RootElement);
    }

    [Fact]
    public void Parse_ValidBody_ReadsTrimmedFields()
    {
        var (request, errors) = Parse("""{"findings":"  Connection pool exhausted.\nRetry storm.  ","actions":["Cap retries","Alert on pool"],"reference":"PRB-7"}""");

        Assert.Empty(errors);
        Assert.Equal("Connection pool exhausted.\nRetry storm.", request!.Findings);
        Assert.Equal(["Cap retries", "Alert on pool"], request.Actions);
        Assert.Equal("PRB-7", request.Reference);
    }

    [Theory]
    [InlineData("""[]""", "$")]
    [InlineData("""{"actions":["x"]}""", "findings")]
    [InlineData("""{"findings":"   ","actions":["x"]}""", "findings")]
    [InlineData("""{"findings":7,"actions":["x"]}""", "findings")]
    [InlineData("""{"findings":"x"}""", "actions")]
    [InlineData("""{"findings":"x","actions":[]}""", "actions")]
    [InlineData("""{"findings":"x","actions":"do it"}""", "actions")]
    [InlineData("""{"findings":"x","actions":["a","a"]}""", "actions[1]")]
    [InlineData("""{"findings":"x","actions":[1]}""", "actions[0]")]
    [InlineData("""{"findings":"x","actions":["a\u202eb"]}""", "actions[0]")]
    [InlineData("""{"findings":"x","actions":["a"],"reference":"a\nb"}""", "reference")]
    [InlineData("""{"findings":"x","actions":["a"],"Findings":"y"}""", "Findings")]
    public void Parse_BadBody_NamesTheField(string json, string field)
    {
        var (request, errors) = Parse(json);

        Assert.Null(request);
        Assert.Contains(errors, e => e.Field == field);
    }

    [Fact]
    public void Parse_LimitsAreInclusive()
    {
        string findings = new('f', RootCauseAnalysisRequestParser.MaxFindingsLength);
        string[] actions = Enumerable.Range(0, RootCauseAnalysisRequestParser.MaxActions).Select(i => i + new string('a', RootCauseAnalysisRequestParser.MaxActionLength - 2)).ToArray();

        var (atLimit, none) = Parse(JsonSerializer.Serialize(new { findings, actions }));
        var (over, errors) = Parse(JsonSerializer.Serialize(new { findings = findings + "f", actions = actions.Append("one more").ToArray() }));

        Assert.Empty(none);
        Assert.NotNull(atLimit);
        Assert.Null(over);
        Assert.Contains(errors, e => e.Field == "findings");
        Assert.Contains(errors, e => e.Field == "actions");
    }
}
