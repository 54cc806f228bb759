using System.Text.Json;
using CsCheck;
using ReleasePolicy.Policy;
using ReleasePolicy.Risk;

namespace ReleasePolicy.Core.Tests.Policy;

public class PolicyParserTests
{
    private static readonly string Sample = SamplePolicy.Text;

    private static PolicyValidationError SingleError(string text, string path)
    {
        var result = PolicyParser.Parse(text);
        Assert.Null(result.Document);
        var matching = result.Errors.Where(e => e.Path == path).ToList();
        Assert.True(matching.Count == 1, $"expected one error at {path}; got: {string.Join(" | ", result.Errors)}");
        return matching[0];
    }

    [Fact]
    public void Parse_SamplePolicy_HasNoErrors()
    {
        var result = PolicyParser.Parse(Sample);

        Assert.Empty(result.Errors);
        Assert.True(result.IsValid);
        var policy = result.Document!;
        Assert.Equal("2026.11.1", policy.Version);
        Assert.Equal(["payments-api", "orders-api", "catalog-web", "internal-docs"], policy.Scope.Services.Select(s => s.Name));
        Assert.Equal(CriticalityTier.Tier0, policy.Scope.Services[0].Tier);
        Assert.Equal(3, policy.Scope.Services[0].DependentsCount);
        Assert.Equal(OutOfScopeBehaviour.Reject, policy.Scope.OutOfScope);
        Assert.Equal(TimeSpan.FromHours(4), policy.ReleaseTypes.Major.Rto);
        Assert.Equal(TimeSpan.FromHours(1), policy.ReleaseTypes.Patch.Rto);
        Assert.True(policy.ReleaseTypes.Emergency.PostFactoReviewRequired);
        Assert.Equal(30, policy.ReleaseTypes.Major.RollbackRehearsalMaxAgeDays);
        Assert.Null(policy.ReleaseTypes.Patch.RollbackRehearsalMaxAgeDays);
        Assert.Equal(ApprovalRoute.CabPlusSenior, policy.ReleaseTypes.Major.ApprovalRoute.Critical);
        Assert.Equal(3, policy.Oversight.Single(o => o.Route == ApprovalRoute.Cab).Chain.Tiers.Single().Quorum);
        Assert.Equal(new RiskBand(50, 74), policy.Risk.Bands.High);
    }

    [Fact]
    public void Parse_SampleConvertedToJson_ParsesWithNoErrors()
    {
        var untyped = new YamlDotNet.Serialization.DeserializerBuilder().Build().Deserialize<object>(Sample);
        var json = new YamlDotNet.Serialization.SerializerBuilder().JsonCompatible().Build().Serialize(untyped);
        Assert.StartsWith("{", json.TrimStart(), StringComparison.Ordinal);

        var result = PolicyParser.Parse(json);

        Assert.Empty(result.Errors);
        Assert.Equal(
            JsonSerializer.Serialize(SamplePolicy.Load()),
            JsonSerializer.Serialize(result.Document));
    }

    [Fact]
    public void Parse_PolicyDocument_RoundTripsThroughSystemTextJson()
    {
        var policy = SamplePolicy.Load();

        var json = JsonSerializer.Serialize(policy);
        var back = JsonSerializer.Deserialize<PolicyDocument>(json);

        Assert.Equal(json, JsonSerializer.Serialize(back));
    }

    [Fact]
    public void Parse_UnknownReleaseType_ReportsPathLineAndColumn()
    {
        var text = TestData.ReplaceOnce(Sample, "  emergency:\n    # Reduced", "  hotfix:\n    rto: PT1H\n  emergency:\n    # Reduced");

        var error = SingleError(text, "releaseTypes.hotfix");

        Assert.Equal(TestData.LineOf(text, "  hotfix:"), error.Line);
        Assert.Equal(3, error.Column);
        Assert.Contains("unknown release type 'hotfix'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingReleaseType_ReportsRequired()
    {
        var start = Sample.IndexOf("  patch:\n", StringComparison.Ordinal);
        var end = Sample.IndexOf("  emergency:\n", StringComparison.Ordinal);
        var text = Sample.Remove(start, end - start);

        var error = SingleError(text, "releaseTypes.patch");

        Assert.Contains("'patch' is required", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Line);
    }

    [Fact]
    public void Parse_OverlappingBands_ReportsBandAndLine()
    {
        var text = TestData.ReplaceOnce(Sample, "medium: { min: 25, max: 49 }", "medium: { min: 20, max: 49 }");

        var error = SingleError(text, "risk.bands.medium.min");

        Assert.Equal(TestData.LineOf(text, "medium: { min: 20"), error.Line);
        Assert.Contains("overlaps band low (0..24)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_GappedBands_ReportsGap()
    {
        var text = TestData.ReplaceOnce(Sample, "high: { min: 50, max: 74 }", "high: { min: 55, max: 74 }");

        var error = SingleError(text, "risk.bands.high.min");

        Assert.Contains("gap between band medium (ends at 49) and band high (starts at 55)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BandsNotCoveringHundred_ReportsCriticalMax()
    {
        var text = TestData.ReplaceOnce(Sample, "critical: { min: 75, max: 100 }", "critical: { min: 75, max: 99 }");

        Assert.Contains("must end at 100", SingleError(text, "risk.bands.critical.max").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NegativeScanThreshold_ReportsFieldAndLine()
    {
        var text = TestData.ReplaceOnce(
            Sample,
            "maxScanFindings: { critical: 0, high: 2, medium: 10, low: 50 }",
            "maxScanFindings: { critical: 0, high: -2, medium: 10, low: 50 }");

        var error = SingleError(text, "releaseTypes.minor.maxScanFindings.high");

        Assert.Equal(TestData.LineOf(text, "high: -2"), error.Line);
        Assert.Contains("must not be negative (found -2)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.2")]
    [InlineData("-0.1")]
    public void Parse_CoverageOutsideZeroToOne_ReportsRange(string value)
    {
        var text = TestData.ReplaceOnce(Sample, "minCoverage: 0.75", $"minCoverage: {value}");

        var error = SingleError(text, "releaseTypes.minor.minCoverage");

        Assert.Contains("between 0 and 1", error.Message, StringComparison.Ordinal);
        Assert.Equal(TestData.LineOf(text, $"minCoverage: {value}"), error.Line);
    }

    [Fact]
    public void Parse_StringWhereNumberExpected_ReportsTypeErrorWithLine()
    {
        var text = TestData.ReplaceOnce(Sample, "minCoverage: 0.80", "minCoverage: eighty");

        var error = SingleError(text, "releaseTypes.major.minCoverage");

        Assert.Equal(TestData.LineOf(text, "minCoverage: eighty"), error.Line);
        Assert.Equal(18, error.Column);
        Assert.Contains("expected a number but found 'eighty'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingRto_ReportsRequired()
    {
        var text = TestData.ReplaceOnce(Sample, "    rto: PT2H\n", string.Empty);

        var error = SingleError(text, "releaseTypes.minor.rto");

        Assert.Contains("'rto' is required", error.Message, StringComparison.Ordinal);
        Assert.Equal(TestData.LineOf(text, "minCoverage: 0.75"), error.Line);
    }

    [Fact]
    public void Parse_EmptyRto_ReportsRequiredAtTheField()
    {
        var text = TestData.ReplaceOnce(Sample, "rto: PT2H", "rto:");

        var error = SingleError(text, "releaseTypes.minor.rto");

        Assert.Contains("'rto' is required", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PT4H", 4 * 60)]
    [InlineData("PT90M", 90)]
    [InlineData("P1DT2H", 26 * 60)]
    [InlineData("\"36:00:00\"", 36 * 60)]
    [InlineData("\"00:15:00\"", 15)]
    public void Parse_RtoFormats_AreAccepted(string rto, int minutes)
    {
        var text = TestData.ReplaceOnce(Sample, "rto: PT2H", $"rto: {rto}");

        var result = PolicyParser.Parse(text);

        Assert.Empty(result.Errors);
        Assert.Equal(TimeSpan.FromMinutes(minutes), result.Document!.ReleaseTypes.Minor.Rto);
    }

    [Theory]
    [InlineData("4 hours")]
    [InlineData("P1M")]
    [InlineData("PT0S")]
    [InlineData("PT")]
    public void Parse_InvalidRto_ReportsFormat(string rto)
    {
        var text = TestData.ReplaceOnce(Sample, "rto: PT2H", $"rto: {rto}");

        var error = SingleError(text, "releaseTypes.minor.rto");

        Assert.Contains("ISO 8601 duration", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownApprovalRoute_ReportsRouteName()
    {
        var text = TestData.ReplaceOnce(
            Sample,
            "approvalRoute: { low: delegated, medium: peer, high: cab, critical: cabPlusSenior }",
            "approvalRoute: { low: delegated, medium: manager, high: cab, critical: cabPlusSenior }");

        var error = SingleError(text, "releaseTypes.minor.approvalRoute.medium");

        Assert.Contains("unknown approval route 'manager'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RouteWithoutOversightEntry_ReportsMissingOversight()
    {
        var start = Sample.IndexOf("  peer:\n    tiers:", StringComparison.Ordinal);
        var end = Sample.IndexOf("  cab:\n", start, StringComparison.Ordinal);
        var text = Sample.Remove(start, end - start);

        var result = PolicyParser.Parse(text);

        Assert.Null(result.Document);
        var error = Assert.Single(result.Errors, e => e.Path == "releaseTypes.major.approvalRoute.low");
        Assert.Contains("approval route 'peer' has no entry under oversight", error.Message, StringComparison.Ordinal);
        Assert.Contains(result.Errors, e => e.Path == "releaseTypes.minor.approvalRoute.medium");
    }

    [Fact]
    public void Parse_AutoApproveForDisallowedType_IsRejected()
    {
        var text = TestData.ReplaceOnce(
            Sample,
            "approvalRoute: { low: delegated, medium: peer, high: cab, critical: cabPlusSenior }",
            "approvalRoute: { low: autoApprove, medium: peer, high: cab, critical: cabPlusSenior }");

        Assert.Contains("autoApprove is not allowed for minor", SingleError(text, "releaseTypes.minor.approvalRoute.low").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownTopLevelKey_ReportsKeyAndLine()
    {
        var text = Sample + "\nnotifications:\n  slack: '#releases'\n";

        var error = SingleError(text, "notifications");

        Assert.Equal(TestData.LineOf(text, "notifications:"), error.Line);
        Assert.Equal(1, error.Column);
        Assert.Contains("unknown top-level key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WeightsNotSummingToOne_ReportsWeights()
    {
        var text = TestData.ReplaceOnce(Sample, "rollbackFeasibility: 0.25 }", "rollbackFeasibility: 0.35 }");

        Assert.Contains("weights must sum to 1", SingleError(text, "risk.weights").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OwnershipForUngovernedService_IsRejected()
    {
        var text = TestData.ReplaceOnce(Sample, "  internal-docs:\n    pipelines", "  wiki:\n    pipelines");

        var result = PolicyParser.Parse(text);

        Assert.Contains(result.Errors, e => e.Path == "ownership.wiki");
        Assert.Contains(result.Errors, e => e.Path == "ownership.internal-docs" && e.Message.Contains("no ownership", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_GateControlWithUnknownGate_IsRejected()
    {
        var text = TestData.ReplaceOnce(Sample, "appliesTo: loadTest", "appliesTo: chaosTest");

        Assert.Contains("unknown gate 'chaosTest'", SingleError(text, "controls[5].appliesTo").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownFramework_IsRejected()
    {
        var text = TestData.ReplaceOnce(Sample, "{ framework: GDPR, clause: \"Art. 5(1)(e)\" }", "{ framework: PCI, clause: \"3.4\" }");

        Assert.Contains("unknown framework 'PCI'", SingleError(text, "controls[10].frameworks[3].framework").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MalformedYaml_ReportsLine()
    {
        var text = TestData.ReplaceOnce(Sample, "name: Contoso production release policy", "name: [unclosed");

        var result = PolicyParser.Parse(text);

        Assert.Null(result.Document);
        var error = Assert.Single(result.Errors);
        Assert.NotNull(error.Line);
    }

    [Theory]
    [InlineData("!<:> Contoso production release policy")]
    [InlineData("!<[> Contoso production release policy")]
    [InlineData("!<> Contoso production release policy")]
    public void Parse_VerbatimTagYamlDotNetRefuses_IsAnErrorNotAnException(string name)
    {
        var result = PolicyParser.Parse(TestData.ReplaceOnce(Sample, "name: Contoso production release policy", "name: " + name));

        Assert.Null(result.Document);
        Assert.NotEmpty(result.Errors);
    }

    [Fact]
    public void Parse_DuplicateKey_IsReported()
    {
        var text = TestData.ReplaceOnce(Sample, "    minCoverage: 0.75\n", "    minCoverage: 0.75\n    minCoverage: 0.9\n");

        var result = PolicyParser.Parse(text);

        Assert.Contains(result.Errors, e => e.Message.Contains("duplicate key 'minCoverage'", StringComparison.Ordinal)
            && e.Line == TestData.LineOf(text, "minCoverage: 0.9"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n")]
    [InlineData("42")]
    [InlineData("- a\n- b")]
    [InlineData("{}")]
    [InlineData("--- a\n--- b")]
    public void Parse_NotAPolicy_ReturnsErrorsWithoutThrowing(string text)
    {
        var result = PolicyParser.Parse(text);

        Assert.Null(result.Document);
        Assert.NotEmpty(result.Errors);
    }

    [Fact]
    public void Parse_DeeplyNestedInput_ReportsNestingError()
    {
        var text = new string('[', 10_000) + new string(']', 10_000);

        var result = PolicyParser.Parse(text);

        Assert.Null(result.Document);
        Assert.NotEmpty(result.Errors);
    }

    [Fact]
    public void Parse_AliasesAndAnchors_AreResolved()
    {
        var text = TestData.ReplaceOnce(Sample, "    informed: [finance-ops, customer-support]", "    informed: &people [finance-ops, customer-support]");
        text = TestData.ReplaceOnce(text, "    informed: [customer-support]", "    informed: *people");

        var result = PolicyParser.Parse(text);

        Assert.Empty(result.Errors);
        Assert.Equal(["finance-ops", "customer-support"], result.Document!.Ownership.Single(o => o.Service == "orders-api").Informed);
    }

    [Fact]
    public void Parse_RandomText_NeverThrows()
    {
        var yamlish = Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789 :-,[]{}\"'&*!|>#%@`?\n\t\r.\\"];
        Gen.OneOf(Gen.String, Gen.String[yamlish, 0, 300]).Sample(text =>
        {
            var result = PolicyParser.Parse(text);
            Assert.NotNull(result.Errors);
            Assert.Equal(result.Document is null, result.Errors.Count > 0);
        }, iter: 2_000);
    }

    [Fact]
    public void Parse_MutatedSample_NeverThrows()
    {
        var noise = Gen.Char[" :-,[]{}\"'&*!|>#%@`?\n\t-1.0e9abcxyz"];
        var mutation =
            from position in Gen.Int[0, Sample.Length - 1]
            from length in Gen.Int[0, 40]
            from insert in Gen.String[noise, 0, 12]
            select (position, length, insert);

        mutation.Array[1, 6].Sample(edits =>
        {
            var text = Sample;
            foreach (var (position, length, insert) in edits)
            {
                var start = Math.Min(position, text.Length);
                var count = Math.Min(length, text.Length - start);
                text = text.Remove(start, count).Insert(start, insert);
            }

            var result = PolicyParser.Parse(text);
            Assert.Equal(result.Document is null, result.Errors.Count > 0);
        }, iter: 1_000);
    }
}
