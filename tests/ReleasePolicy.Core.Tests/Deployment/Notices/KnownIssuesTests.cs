using ReleasePolicy.Deployment.Notices;

namespace ReleasePolicy.Core.Tests.Deployment.Notices;

public class KnownIssuesTests
{
    [Fact]
    public void FromEvidenceJson_StringArray_ReturnsTrimmedNonBlankStrings()
    {
        string evidence = """{"testCoverage":0.9,"knownIssues":[" Cache warms slowly ","",42,"Reports lag",null]}""";

        Assert.Equal(["Cache warms slowly", "Reports lag"], KnownIssues.FromEvidenceJson(evidence));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("""{"knownIssues":"just one string"}""")]
    [InlineData("""{"knownIssues":{"a":"b"}}""")]
    [InlineData("""{"runbook":{"knownIssues":["nested is another field"]}}""")]
    [InlineData("not json")]
    public void FromEvidenceJson_NoTopLevelArray_None(string? evidence)
    {
        Assert.Empty(KnownIssues.FromEvidenceJson(evidence));
    }

    [Fact]
    public void FromEvidenceJson_ManyIssues_CappedAtMaxListed()
    {
        string evidence = "{\"knownIssues\":[" + string.Join(',', Enumerable.Range(0, 80).Select(i => $"\"issue {i}\"")) + "]}";

        Assert.Equal(KnownIssues.MaxListed, KnownIssues.FromEvidenceJson(evidence).Count);
    }
}
