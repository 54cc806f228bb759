using System.Text;
using ReleasePolicy.Deployment.Events;

namespace ReleasePolicy.Core.Tests.Deployment.Events;

public class EventDeliveryParserTests
{
    private const string EventGridEvent = """
        {"id":"eg-1","topic":"/topics/pipelines","subject":"releases/rel-0123456789abcdef0123456789abcdef","eventType":"ReleasePolicy.Deployment.Started",
         "eventTime":"2026-11-27T10:00:05Z","data":{"service":"checkout","version":"4.18.0"},"dataVersion":"1.0","metadataVersion":"1"}
        """;

    private const string CloudEvent = """
        {"specversion":"1.0","type":"ReleasePolicy.Health.Sample","source":"/monitoring/checkout","id":"ce-1","time":"2026-11-27T10:03:00Z",
         "subject":"releases/x/health","datacontenttype":"application/json","data":{"errorRatePercent":0.08}}
        """;

    private const string ValidationEvent = """
        [{"id":"v-1","topic":"/subscriptions/s/resourceGroups/r/providers/Microsoft.EventGrid/topics/t","subject":"","data":{"validationCode":"512d38b6-c7b8-40c8-89fe-f46f9e9622b6","validationUrl":"https://rp/validate"},
          "eventType":"Microsoft.EventGrid.SubscriptionValidationEvent","eventTime":"2026-11-27T10:00:00Z","metadataVersion":"1","dataVersion":"2"}]
        """;

    [Fact]
    public void Parse_SingleEventGridEvent_NormalizesEnvelope()
    {
        EventDelivery delivery = Parse(EventGridEvent);

        InboundEvent e = Assert.Single(delivery.Events);
        Assert.Null(delivery.Problem);
        Assert.Equal(("eg-1", "/topics/pipelines", "ReleasePolicy.Deployment.Started", EventSchema.EventGrid), (e.Id, e.Source, e.Type, e.Schema));
        Assert.Equal("releases/rel-0123456789abcdef0123456789abcdef", e.Subject);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 10, 0, 5, TimeSpan.Zero), e.Time);
        Assert.Equal("""{"service":"checkout","version":"4.18.0"}""", e.DataJson);
    }

    [Fact]
    public void Parse_SingleCloudEvent_NormalizesEnvelope()
    {
        EventDelivery delivery = Parse(CloudEvent);

        InboundEvent e = Assert.Single(delivery.Events);
        Assert.Equal(("ce-1", "/monitoring/checkout", "ReleasePolicy.Health.Sample", EventSchema.CloudEvents), (e.Id, e.Source, e.Type, e.Schema));
        Assert.Equal("releases/x/health", e.Subject);
        Assert.Equal("""{"errorRatePercent":0.08}""", e.DataJson);
    }

    [Fact]
    public void Parse_BatchOfEachSchema_KeepsEveryEventInOrder()
    {
        EventDelivery grid = Parse("[" + EventGridEvent + "," + EventGridEvent.Replace("eg-1", "eg-2", StringComparison.Ordinal) + "]");
        EventDelivery cloud = Parse("[" + CloudEvent + "," + CloudEvent.Replace("ce-1", "ce-2", StringComparison.Ordinal) + "]");

        Assert.Equal(["eg-1", "eg-2"], grid.Events.Select(e => e.Id));
        Assert.Equal(["ce-1", "ce-2"], cloud.Events.Select(e => e.Id));
    }

    [Fact]
    public void Parse_SubscriptionValidationEvent_ReturnsItsCode()
    {
        EventDelivery delivery = Parse(ValidationEvent);

        Assert.Equal("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", delivery.ValidationCode);
        Assert.Empty(delivery.Events);
        Assert.False(delivery.IsMalformed);
    }

    [Fact]
    public void Parse_CloudEventWithBase64Data_KeepsNoDataJson()
    {
        EventDelivery delivery = Parse("""{"specversion":"1.0","type":"t","source":"/s","id":"b-1","data_base64":"AAEC"}""");

        Assert.Null(Assert.Single(delivery.Events).DataJson);
    }

    [Theory]
    [InlineData("""{"hello":"world"}""", "Neither")]
    [InlineData("""[]""", "no events")]
    [InlineData("""[1,2]""", "[0]")]
    [InlineData("""42""", "object or an array")]
    [InlineData("""[{"specversion":"1.0","type":"t","source":"/s","id":"1"},{"eventType":"x"}]""", "mixes")]
    [InlineData("""{"specversion":"1.0","type":"t","source":"/s"}""", "CloudEvents")]
    [InlineData("""{"specversion":"1.0","source":"/s","id":"1"}""", "CloudEvents")]
    [InlineData("""{"eventType":"x","id":"1","subject":"s","eventTime":"not a time","data":{},"dataVersion":"1"}""", "Event Grid")]
    [InlineData("""{"eventType":"x","id":"1"}""", "Event Grid")]
    [InlineData("""{"alertContext":{},"data":{"essentials":{"alertId":"a"}},"schemaId":"azureMonitorCommonAlertSchema"}""", "Neither")]
    public void Parse_NotAnEventDelivery_IsMalformedWithReason(string body, string reason)
    {
        EventDelivery delivery = Parse(body);

        Assert.True(delivery.IsMalformed);
        Assert.Contains(reason, delivery.Problem, StringComparison.Ordinal);
        Assert.Empty(delivery.Events);
    }

    [Fact]
    public void Parse_ValidationEventWithoutCode_IsMalformed()
    {
        EventDelivery delivery = Parse(ValidationEvent.Replace("\"validationCode\":\"512d38b6-c7b8-40c8-89fe-f46f9e9622b6\",", string.Empty, StringComparison.Ordinal));

        Assert.True(delivery.IsMalformed);
    }

    private static EventDelivery Parse(string json) => EventDeliveryParser.Parse(Encoding.UTF8.GetBytes(json));
}
