using ReleasePolicy.Deployment.Events;

namespace ReleasePolicy.Core.Tests.Deployment.Events;

public class ReleaseReferenceTests
{
    private const string Id = "rel-0123456789abcdef0123456789abcdef";

    [Theory]
    [InlineData("releases/" + Id)]
    [InlineData("releases/" + Id + "/health")]
    [InlineData("/pipelines/contoso/releases/" + Id)]
    public void Of_SubjectNamesOurRelease_TakesItsId(string subject) =>
        Assert.Equal(Id, ReleaseReference.Of(Event(subject, null)).ReleaseId);

    [Fact]
    public void Of_DataReleaseId_IsUsedWhenTheSubjectNamesNone() =>
        Assert.Equal(Id, ReleaseReference.Of(Event("deployments/42", $$"""{"releaseId":"{{Id}}"}""")).ReleaseId);

    [Theory]
    [InlineData("releases/rel-checkout-2026-11-27-01", """{"releaseId":"rel-checkout-2026-11-27-01"}""")]
    [InlineData("releases/REL-0123456789ABCDEF0123456789ABCDEF", null)]
    [InlineData("release/" + Id, """{"releaseId":42}""")]
    [InlineData(Id, """[1,2]""")]
    public void Of_IdNotOfOurShape_NamesNoRelease(string subject, string? data) =>
        Assert.Same(ReleaseReference.None, ReleaseReference.Of(Event(subject, data)));

    [Fact]
    public void Of_ServiceVersionEnvironment_NamesTheDeployment()
    {
        ReleaseReference reference = ReleaseReference.Of(Event("anything", """{"releaseId":"rel-theirs","service":"payments-api","version":"2.4.1","environment":"production"}"""));

        Assert.Null(reference.ReleaseId);
        Assert.True(reference.NamesDeployment);
        Assert.Equal(("payments-api", "2.4.1", "production"), (reference.Service, reference.Version, reference.Environment));
    }

    [Fact]
    public void Of_PartOfADeployment_NamesNothing() =>
        Assert.Same(ReleaseReference.None, ReleaseReference.Of(Event("x", """{"service":"payments-api","version":"2.4.1"}""")));

    [Fact]
    public void Of_DataIsACommonSchemaAlert_CarriesTheAlertAndNamesNoReleaseWhateverTheSubject()
    {
        string alert = """{"schemaId":"azureMonitorCommonAlertSchema","data":{"essentials":{"alertId":"a-1","severity":"Sev1","monitorCondition":"Fired","configurationItems":["app-1"]},"customProperties":{"releaseId":"rel-0123456789abcdef0123456789abcdef"}}}""";

        ReleaseReference reference = ReleaseReference.Of(Event("releases/" + Id, alert));

        Assert.Equal(["app-1"], reference.Alert?.ConfigurationItems);
        Assert.Null(reference.ReleaseId);
        Assert.False(reference.NamesDeployment);
    }

    [Fact]
    public void Of_MalformedAlert_NamesNothing() =>
        Assert.Same(ReleaseReference.None, ReleaseReference.Of(Event("releases/" + Id, """{"schemaId":"azureMonitorCommonAlertSchema","data":{"essentials":{"severity":"Sev1"}}}""")));

    private static InboundEvent Event(string? subject, string? data) =>
        new("e-1", "/s", "ReleasePolicy.Deployment.Started", subject, null, data, EventSchema.CloudEvents);
}
