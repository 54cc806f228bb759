using ReleasePolicy.Policy;

namespace ReleasePolicy.Core.Tests.Policy;

public sealed class RetentionParsingTests
{
    private static readonly string Sample = SamplePolicy.Text;

    [Fact]
    public void Parse_SamplePolicy_KeepsSevenYearsByDefaultAndThreeForInternalDocs()
    {
        PolicyDocument policy = SamplePolicy.Load();

        Assert.Equal(2555, policy.Retention.DaysFor("payments-api"));
        Assert.Equal(1095, policy.Retention.DaysFor("internal-docs"));
    }

    [Fact]
    public void Parse_WithoutRetentionSection_UsesSevenYears()
    {
        string text = Sample[..Sample.IndexOf("\nretention:", StringComparison.Ordinal)] + "\n";

        PolicyParseResult result = PolicyParser.Parse(text);

        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => e.Message)));
        Assert.Equal(EvidenceRetention.Default.DefaultDays, result.Document!.Retention.DaysFor("orders-api"));
    }

    [Theory]
    [InlineData("  defaultDays: 2555", "  defaultDays: 0", "retention.defaultDays")]
    [InlineData("  defaultDays: 2555", "  defaultDays: 40000", "retention.defaultDays")]
    [InlineData("    internal-docs: 1095", "    shadow-app: 1095", "retention.services.shadow-app")]
    [InlineData("    internal-docs: 1095", "    internal-docs: forever", "retention.services.internal-docs")]
    public void Parse_InvalidRetention_IsRejectedWithItsPath(string find, string replacement, string path)
    {
        int at = Sample.IndexOf(find, StringComparison.Ordinal);
        string text = string.Concat(Sample.AsSpan(0, at), replacement, Sample.AsSpan(at + find.Length));

        PolicyParseResult result = PolicyParser.Parse(text);

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.Path == path && e.Line > 0);
    }
}
