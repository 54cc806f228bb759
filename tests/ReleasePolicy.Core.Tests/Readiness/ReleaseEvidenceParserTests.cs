using System.Text.Json;
using CsCheck;
using ReleasePolicy.Readiness;

namespace ReleasePolicy.Core.Tests.Readiness;

public class ReleaseEvidenceParserTests
{
    private const string WellFormed = """
        {
          "testCoverage": 0.86,
          "peerReview": { "reviewers": ["bob", "carol"], "approvals": 2 },
          "scanFindings": { "critical": 0, "high": 1, "medium": 2, "low": 3,
                            "findings": [ { "id": "CVE-2026-0001", "title": "zlib overflow", "severity": "high" } ] },
          "runbook": { "url": "https://runbooks/payments", "sections": ["preChecks", "rollbackSteps"] },
          "rollback": { "procedureRef": "RB-42", "rehearsedAt": "2026-11-20T10:00:00+01:00", "rehearsedIn": "staging" },
          "loadTest": { "reportRef": "LT-7", "passed": true, "executedAt": "2026-11-26T08:00:00Z" },
          "change": { "filesChanged": 12, "linesChanged": 340, "dependencies": ["Polly"] },
          "schemaMigration": { "present": true, "backwardCompatible": true, "downMigrationTested": false }
        }
        """;

    private static EvidenceParseResult Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return ReleaseEvidenceParser.Parse(document.RootElement);
    }

    [Fact]
    public void Parse_WellFormedEvidence_ReadsEveryField()
    {
        var (evidence, errors) = Parse(WellFormed);

        Assert.Empty(errors);
        Assert.Equal(0.86, evidence.TestCoverage);
        Assert.Equal(["bob", "carol"], evidence.PeerReview!.Reviewers!);
        Assert.Equal(2, evidence.PeerReview.Approvals);
        Assert.Equal(1, evidence.ScanFindings!.High);
        Assert.Equal("CVE-2026-0001", evidence.ScanFindings.Findings![0].Id);
        Assert.Equal(["preChecks", "rollbackSteps"], evidence.Runbook!.Sections!);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero), evidence.Rollback!.RehearsedAt);
        Assert.Equal("staging", evidence.Rollback.RehearsedIn);
        Assert.True(evidence.LoadTest!.Passed);
        Assert.Equal(340, evidence.Change!.LinesChanged);
        Assert.False(evidence.SchemaMigration!.DownMigrationTested);
        Assert.Null(evidence.Extra);
    }

    [Theory]
    [InlineData("""{ "testCoverage": "high" }""", "evidence.testCoverage")]
    [InlineData("""{ "testCoverage": 1.5 }""", "evidence.testCoverage")]
    [InlineData("""{ "scanFindings": { "critical": "0" } }""", "evidence.scanFindings.critical")]
    [InlineData("""{ "scanFindings": { "high": -1 } }""", "evidence.scanFindings.high")]
    [InlineData("""{ "scanFindings": { "low": 2.5 } }""", "evidence.scanFindings.low")]
    [InlineData("""{ "scanFindings": { "findings": {} } }""", "evidence.scanFindings.findings")]
    [InlineData("""{ "peerReview": { "reviewers": "bob" } }""", "evidence.peerReview.reviewers")]
    [InlineData("""{ "peerReview": { "reviewers": ["bob", 7] } }""", "evidence.peerReview.reviewers[1]")]
    [InlineData("""{ "peerReview": { "approvals": true } }""", "evidence.peerReview.approvals")]
    [InlineData("""{ "runbook": ["preChecks"] }""", "evidence.runbook")]
    [InlineData("""{ "rollback": { "rehearsedAt": "last tuesday" } }""", "evidence.rollback.rehearsedAt")]
    [InlineData("""{ "loadTest": { "passed": "yes" } }""", "evidence.loadTest.passed")]
    [InlineData("""{ "change": { "filesChanged": 12.5 } }""", "evidence.change.filesChanged")]
    [InlineData("""{ "change": { "linesChanged": 99999999999 } }""", "evidence.change.linesChanged")]
    [InlineData("""{ "schemaMigration": { "present": 1 } }""", "evidence.schemaMigration.present")]
    public void Parse_WrongType_ReportsFieldPath(string json, string field)
    {
        var (_, errors) = Parse(json);

        var error = Assert.Single(errors);
        Assert.Equal(field, error.Field);
        Assert.False(string.IsNullOrWhiteSpace(error.Reason));
    }

    [Fact]
    public void Parse_WrongType_LeavesFieldEmptySoItsGateFails()
    {
        var (evidence, _) = Parse("""{ "testCoverage": "high", "scanFindings": { "critical": "none", "high": 0 } }""");

        Assert.Null(evidence.TestCoverage);
        Assert.Null(evidence.ScanFindings!.Critical);
        Assert.Equal(0, evidence.ScanFindings.High);
    }

    [Fact]
    public void Parse_UnknownFields_AreKeptInExtra()
    {
        var (evidence, errors) = Parse("""
            { "testCoverage": 0.9, "buildId": "b-123", "sbom": { "format": "cyclonedx" },
              "loadTest": { "passed": true, "p99Ms": 180 } }
            """);

        Assert.Empty(errors);
        Assert.NotNull(evidence.Extra);
        Assert.Equal("b-123", evidence.Extra["buildId"].GetString());
        Assert.Equal("cyclonedx", evidence.Extra["sbom"].GetProperty("format").GetString());
        Assert.Equal(180, evidence.Extra["loadTest.p99Ms"].GetInt32());
    }

    [Fact]
    public void Parse_NullsAndMissingFields_AreAbsentNotErrors()
    {
        var (evidence, errors) = Parse("""{ "testCoverage": null, "peerReview": { "reviewers": null } }""");

        Assert.Empty(errors);
        Assert.Null(evidence.TestCoverage);
        Assert.Null(evidence.PeerReview!.Reviewers);
        Assert.Null(evidence.Runbook);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"evidence\"")]
    [InlineData("42")]
    public void Parse_NotAnObject_ReportsEvidenceRoot(string json)
    {
        var (evidence, errors) = Parse(json);

        Assert.Equal("evidence", Assert.Single(errors).Field);
        Assert.Same(ReleaseEvidence.Empty, evidence);
    }

    [Fact]
    public void Parse_TimestampWithoutOffset_IsReadAsUtc()
    {
        var (evidence, errors) = Parse("""{ "rollback": { "rehearsedAt": "2026-11-20T10:00:00" } }""");

        Assert.Empty(errors);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero), evidence.Rollback!.RehearsedAt);
    }

    [Fact]
    public void Parse_Evidence_RoundTripsThroughSystemTextJson()
    {
        var (evidence, _) = Parse(WellFormed.Replace("\"testCoverage\"", "\"ticket\": \"CHG-1\", \"testCoverage\"", StringComparison.Ordinal));

        var json = JsonSerializer.Serialize(evidence);
        var back = JsonSerializer.Deserialize<ReleaseEvidence>(json)!;

        Assert.Equal(json, JsonSerializer.Serialize(back));
        Assert.Equal("CHG-1", back.Extra!["ticket"].GetString());
    }

    [Fact]
    public void Parse_RandomJsonValues_NeverThrows()
    {
        var leaf = Gen.OneOf(
            Gen.Const("null"), Gen.Const("true"), Gen.Const("-1"), Gen.Const("0.5"), Gen.Const("1e400"),
            Gen.Const("\"x\""), Gen.Const("[]"), Gen.Const("{}"), Gen.Const("[\"a\", 1]"), Gen.Const("\"2026-01-01\""));
        var names = Gen.OneOf(
            Gen.Const("testCoverage"), Gen.Const("peerReview"), Gen.Const("scanFindings"), Gen.Const("runbook"),
            Gen.Const("rollback"), Gen.Const("loadTest"), Gen.Const("change"), Gen.Const("schemaMigration"),
            Gen.Const("critical"), Gen.Const("reviewers"), Gen.Const("findings"), Gen.Const("rehearsedAt"), Gen.Const("other"));
        var member = Gen.Select(names, leaf, Gen.Bool, Gen.Select(names, leaf).Array[0, 4], (n, v, flat, inner) =>
            flat ? $"\"{n}\": {v}" : $"\"{n}\": {{{string.Join(",", inner.Select(i => $"\"{i.Item1}\": {i.Item2}"))}}}");
        member.Array[0, 8].Select(m => "{" + string.Join(",", m) + "}").Sample(json =>
        {
            var result = Parse(json);
            Assert.NotNull(result.Evidence);
        });
    }
}
