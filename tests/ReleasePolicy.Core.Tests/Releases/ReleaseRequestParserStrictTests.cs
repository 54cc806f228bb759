using System.Text;
using System.Text.Json.Nodes;
using ReleasePolicy.Readiness;
using ReleasePolicy.Releases;

namespace ReleasePolicy.Core.Tests.Releases;

/// <summary>Strict input: identifiers, free text and the body's JSON itself.</summary>
public class ReleaseRequestParserStrictTests
{
    private static JsonObject Valid() => new()
    {
        ["service"] = "payments-api",
        ["version"] = "1.4.2",
        ["environment"] = "production",
        ["type"] = "patch",
        ["requestedBy"] = "alice",
        ["changeSummary"] = "Fix rounding\n\tin refunds",
    };

    private static ParseResult Parse(JsonObject body, string? header = null) =>
        ReleaseRequestParser.Parse(Encoding.UTF8.GetBytes(body.ToJsonString()), header);

    [Fact]
    public void Parse_ValidBody_KeepsLineFeedAndTabInTheSummary()
    {
        var result = Parse(Valid());

        Assert.Empty(result.Errors);
        Assert.Equal("Fix rounding\n\tin refunds", result.Request!.ChangeSummary);
    }

    [Theory]
    [InlineData("service", "payments\u202Eapi")]
    [InlineData("service", "payments-api\n")]
    [InlineData("version", "1.0\u0000")]
    [InlineData("version", "1.0\u200B")]
    [InlineData("version", "1.0 beta")]
    [InlineData("environment", "Production")]
    [InlineData("environment", "prod\u2066")]
    [InlineData("requestedBy", "alice\r\nINFO forged log line")]
    [InlineData("requestedBy", "alice\u0085")]
    [InlineData("requestedBy", "ali\u00ADce")]
    [InlineData("changeSummary", "line\r\nbreak")]
    [InlineData("changeSummary", "bell\a")]
    [InlineData("changeSummary", "hidden\u2067text")]
    [InlineData("idempotencyKey", "key\u001b[31m")]
    public void Parse_ForbiddenCharacter_NamesTheField(string field, string value)
    {
        var body = Valid();
        body[field] = value;

        var result = Parse(body);

        Assert.Null(result.Request);
        Assert.Contains(result.Errors, e => e.Field == field);
    }

    [Theory]
    [InlineData("service", 101)]
    [InlineData("version", 65)]
    [InlineData("environment", 65)]
    [InlineData("requestedBy", 257)]
    [InlineData("changeSummary", 4001)]
    [InlineData("idempotencyKey", 201)]
    public void Parse_OverTheLengthLimit_NamesTheField(string field, int length)
    {
        var body = Valid();
        body[field] = new string('a', length);

        var result = Parse(body);

        Assert.Contains(result.Errors, e => e.Field == field && e.Reason.Contains("at most", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0x200B)]
    [InlineData(0x0085)]
    [InlineData(0x202E)]
    public void Parse_IdempotencyKeyHeaderWithForbiddenCharacter_NamesTheHeader(int character)
    {
        var result = Parse(Valid(), "key" + (char)character);

        Assert.Contains(result.Errors, e => e.Field == "Idempotency-Key");
    }

    [Fact]
    public void Parse_DuplicateKey_IsRefusedInsteadOfLastWins()
    {
        var json = """{"service":"payments-api","service":"orders-api","version":"1","environment":"production","type":"patch","requestedBy":"a","changeSummary":"x"}""";

        var result = ReleaseRequestParser.Parse(Encoding.UTF8.GetBytes(json), null);

        Assert.Equal([new FieldError("service", "Duplicate property name; each name may appear once per object.")], result.Errors);
    }

    [Fact]
    public void Parse_LoneSurrogateInEvidence_NamesThePathInsteadOfThrowing()
    {
        var json = """{"service":"payments-api","version":"1","environment":"production","type":"patch","requestedBy":"a","changeSummary":"x","evidence":{"runbook":{"sections":["ok","\udead"]}}}""";

        var result = ReleaseRequestParser.Parse(Encoding.UTF8.GetBytes(json), null);

        Assert.Equal("evidence.runbook.sections[1]", Assert.Single(result.Errors).Field);
    }
}
