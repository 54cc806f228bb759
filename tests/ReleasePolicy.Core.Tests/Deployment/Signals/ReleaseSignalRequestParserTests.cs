using System.Text;
using ReleasePolicy.Deployment.Signals;
using ReleasePolicy.Readiness;

namespace ReleasePolicy.Core.Tests.Deployment.Signals;

public class ReleaseSignalRequestParserTests
{
    private static (ReleaseSignalRequest? Request, IReadOnlyList<FieldError> Errors) Parse(string json) =>
        ReleaseSignalRequestParser.Parse(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Parse_FullSignal_ReadsEveryField()
    {
        (ReleaseSignalRequest? request, IReadOnlyList<FieldError> errors) = Parse("""{"id":"build-42.sample:7","type":"ReleasePolicy.Health.Sample","time":"2026-12-01T10:00:00.5+01:00","data":{"errorRatePercent":0.4}}""");

        Assert.Empty(errors);
        Assert.Equal(new ReleaseSignalRequest("build-42.sample:7", "ReleasePolicy.Health.Sample", new DateTimeOffset(2026, 12, 1, 10, 0, 0, 500, TimeSpan.FromHours(1)), """{"errorRatePercent":0.4}"""), request);
    }

    [Fact]
    public void Parse_OnlyIdAndType_HasNoTimeAndNoData()
    {
        ReleaseSignalRequest request = Parse("""{"id":"s1","type":"ReleasePolicy.Deployment.ManualRollback"}""").Request!;

        Assert.Equal((null, null), (request.Time, request.DataJson));
    }

    [Fact]
    public void Parse_UnknownTopLevelFields_AreEachNamed()
    {
        IReadOnlyList<FieldError> errors = Parse("""{"id":"s1","type":"ReleasePolicy.Deployment.Started","releaseId":"x","Data":{}}""").Errors;

        Assert.Equal(["releaseId", "Data"], errors.Select(e => e.Field));
    }

    [Theory]
    [InlineData("""{"type":"ReleasePolicy.Deployment.Started"}""", "id")]
    [InlineData("""{"id":"","type":"ReleasePolicy.Deployment.Started"}""", "id")]
    [InlineData("""{"id":"-starts-with-dash","type":"ReleasePolicy.Deployment.Started"}""", "id")]
    [InlineData("""{"id":"has space","type":"ReleasePolicy.Deployment.Started"}""", "id")]
    [InlineData("""{"id":"line\n","type":"ReleasePolicy.Deployment.Started"}""", "id")]
    [InlineData("""{"id":7,"type":"ReleasePolicy.Deployment.Started"}""", "id")]
    [InlineData("""{"id":"s1"}""", "type")]
    [InlineData("""{"id":"s1","type":"ReleasePolicy.Deployment.Exploded"}""", "type")]
    [InlineData("""{"id":"s1","type":"Microsoft.Insights.AzureMonitorAlert"}""", "type")]
    [InlineData("""{"id":"s1","type":"ReleasePolicy.Deployment.Started","time":"2026-12-01T10:00:00"}""", "time")]
    [InlineData("""{"id":"s1","type":"ReleasePolicy.Deployment.Started","time":"2026-12-01"}""", "time")]
    [InlineData("""{"id":"s1","type":"ReleasePolicy.Deployment.Started","time":1733047200}""", "time")]
    [InlineData("""{"id":"s1","type":"ReleasePolicy.Deployment.Started","data":[1]}""", "data")]
    [InlineData("""{"id":"s1","type":"ReleasePolicy.Deployment.Started","data":"text"}""", "data")]
    [InlineData("""[{"id":"s1","type":"ReleasePolicy.Deployment.Started"}]""", "$")]
    public void Parse_InvalidField_IsNamed(string json, string field)
    {
        (ReleaseSignalRequest? request, IReadOnlyList<FieldError> errors) = Parse(json);

        Assert.Null(request);
        Assert.Equal(field, Assert.Single(errors).Field);
    }

    [Fact]
    public void Parse_IdOf128Characters_IsAcceptedAnd129IsNot()
    {
        Assert.NotNull(Parse($$"""{"id":"{{new string('a', 128)}}","type":"ReleasePolicy.Deployment.Started"}""").Request);
        Assert.Equal("id", Assert.Single(Parse($$"""{"id":"{{new string('a', 129)}}","type":"ReleasePolicy.Deployment.Started"}""").Errors).Field);
    }

    [Fact]
    public void Parse_DataOver64KiB_IsRefused()
    {
        string big = new('x', ReleaseSignalRequestParser.MaxDataBytes);

        Assert.Equal("data", Assert.Single(Parse($$$"""{"id":"s1","type":"ReleasePolicy.Health.Sample","data":{"note":"{{{big}}}"}}""").Errors).Field);
    }
}
