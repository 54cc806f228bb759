using ReleasePolicy.Policy;

namespace ReleasePolicy.Core.Tests.Policy;

/// <summary>Policy identifiers become blob metadata, keys and log values: a bad one is a validation error with a position.</summary>
public class PolicyIdentifierTests
{
    private static readonly string Sample = SamplePolicy.Text;

    [Theory]
    [InlineData("versão-1")]
    [InlineData("2026 11")]
    [InlineData("2026.11\\u202E1")]
    [InlineData("2026.11\\r\\n1")]
    [InlineData("x1234567890123456789012345678901234567890123456789012345678901234")]
    public void Parse_VersionOutsideThePattern_IsAnErrorAtItsLine(string version)
    {
        var text = TestData.ReplaceOnce(Sample, "version: \"2026.11.1\"", $"version: \"{version}\"");

        var result = PolicyParser.Parse(text);

        Assert.Null(result.Document);
        var error = Assert.Single(result.Errors);
        Assert.Equal("version", error.Path);
        Assert.Equal(TestData.LineOf(text, "version: "), error.Line);
        Assert.NotNull(error.Column);
    }

    [Theory]
    [InlineData("    - name: payments-api", "    - name: Payments API", "scope.services[0].name")]
    [InlineData("    - name: staging", "    - name: \"stag\\u200Bing\"", "scope.environments[1].name")]
    [InlineData("  - id: RP-01", "  - id: \"RP-01\\u0007\"", "controls[0].id")]
    [InlineData("name: Contoso production release policy", "name: \"Contoso\\u2066 policy\"", "name")]
    public void Parse_BadIdentifier_NamesThePath(string find, string replacement, string path)
    {
        var text = TestData.ReplaceOnce(Sample, find, replacement);

        var result = PolicyParser.Parse(text);

        Assert.Null(result.Document);
        Assert.Contains(result.Errors, e => e.Path == path && e.Line == TestData.LineOf(text, replacement));
    }
}
