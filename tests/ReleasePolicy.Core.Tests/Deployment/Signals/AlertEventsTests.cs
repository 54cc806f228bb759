using ReleasePolicy.Deployment.Events;
using ReleasePolicy.Deployment.Signals;

namespace ReleasePolicy.Core.Tests.Deployment.Signals;

public class AlertEventsTests
{
    private static AzureMonitorAlert Parse(string json) => AzureMonitorAlertParser.Parse(json).Alert!;

    [Fact]
    public void IdFor_TheSameNotificationPostedAgain_IsTheSameId() =>
        Assert.Equal(AlertEvents.IdFor(Parse(AlertFixtures.Text(AlertFixtures.Fired))), AlertEvents.IdFor(Parse(AlertFixtures.Text(AlertFixtures.Fired))));

    [Fact]
    public void IdFor_TheAlertResolving_IsANewEvent()
    {
        AzureMonitorAlert fired = Parse(AlertFixtures.Text(AlertFixtures.Fired));
        AzureMonitorAlert resolved = Parse(AlertFixtures.Edited(AlertFixtures.Fired, r =>
        {
            r.Essentials()["monitorCondition"] = "Resolved";
            r.Essentials()["resolvedDateTime"] = "2026-11-27T10:30:00Z";
        }));

        Assert.NotEqual(AlertEvents.IdFor(fired), AlertEvents.IdFor(resolved));
    }

    [Fact]
    public void IdFor_TheAlertFiringAgainLater_IsANewEvent()
    {
        AzureMonitorAlert first = Parse(AlertFixtures.Text(AlertFixtures.Fired));
        AzureMonitorAlert again = Parse(AlertFixtures.Edited(AlertFixtures.Fired, r => r.Essentials()["firedDateTime"] = "2026-11-27T11:04:12Z"));

        Assert.NotEqual(AlertEvents.IdFor(first), AlertEvents.IdFor(again));
    }

    [Fact]
    public void ToInboundEvent_KeepsTheBodyAndNamesTheRule()
    {
        string body = AlertFixtures.Text(AlertFixtures.Fired);
        AzureMonitorAlert alert = Parse(body);

        InboundEvent inbound = AlertEvents.ToInboundEvent(alert, body);

        Assert.Equal((AlertEvents.IdFor(alert), "azure-monitor", SignalTypes.AzureMonitorAlert, "checkout-prod-http5xx"), (inbound.Id, inbound.Source, inbound.Type, inbound.Subject));
        Assert.Equal((alert.FiredAt, body, EventSchema.AzureMonitorAlert), (inbound.Time, inbound.DataJson, inbound.Schema));
        Assert.StartsWith("alert-", inbound.Id, StringComparison.Ordinal);
    }
}
