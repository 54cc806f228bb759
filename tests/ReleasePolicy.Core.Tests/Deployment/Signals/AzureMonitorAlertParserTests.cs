using System.Text.Json.Nodes;
using ReleasePolicy.Deployment.Signals;

namespace ReleasePolicy.Core.Tests.Deployment.Signals;

public class AzureMonitorAlertParserTests
{
    [Fact]
    public void Parse_FiredMetricAlertFixture_ReadsEssentialsAndCustomProperties()
    {
        AlertParseResult result = AzureMonitorAlertParser.Parse(AlertFixtures.Text(AlertFixtures.Fired));

        AzureMonitorAlert alert = Assert.IsType<AzureMonitorAlert>(result.Alert);
        Assert.Null(result.Error);
        Assert.Equal("/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.AlertsManagement/alerts/3e9d5c1a-7b42-4f08-a6e3-2c81d09f5b77", alert.AlertId);
        Assert.Equal(("checkout-prod-http5xx", "Sev1", true), (alert.AlertRule, alert.Severity, alert.Fired));
        Assert.Equal(["/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/rg-checkout-prod/providers/microsoft.web/sites/app-checkout-prod"], alert.TargetResourceIds);
        Assert.Equal(["app-checkout-prod"], alert.ConfigurationItems);
        Assert.Equal(new Dictionary<string, string> { ["service"] = "checkout", ["environment"] = "prod" }, alert.CustomProperties);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 10, 4, 12, TimeSpan.Zero).AddTicks(5521904), alert.FiredAt);
        Assert.Null(alert.ResolvedAt);
        Assert.Equal("HTTP 5xx above 5% for checkout in prod", alert.Description);
    }

    [Fact]
    public void Parse_ResolvedLogAlertFixture_IsNotFiredAndHasNoCustomProperties()
    {
        AzureMonitorAlert alert = AzureMonitorAlertParser.Parse(AlertFixtures.Text(AlertFixtures.Resolved)).Alert!;

        Assert.False(alert.Fired);
        Assert.Equal(("checkout-prod-exceptions", "Sev2"), (alert.AlertRule, alert.Severity));
        Assert.Empty(alert.CustomProperties);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 10, 21, 40, TimeSpan.Zero), alert.ResolvedAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 10, 6, 40, TimeSpan.Zero), alert.FiredAt);
    }

    public static TheoryData<string, string> Malformed() => new()
    {
        { """{"schemaId":"azureMonitorCommonAlertSchema"}""", "data" },
        { """{"data":{}}""", "schemaId" },
        { """{"schemaId":"Microsoft.Insights/activityLogs","data":{}}""", "schemaId" },
        { """{"schemaId":"azureMonitorCommonAlertSchema","data":{"essentials":[]}}""", "data.essentials" },
        { "[1]", "$" },
        { AlertFixtures.Edited(AlertFixtures.Fired, r => r.Essentials().Remove("alertId")), "data.essentials.alertId" },
        { AlertFixtures.Edited(AlertFixtures.Fired, r => r.Essentials()["alertId"] = string.Empty), "data.essentials.alertId" },
        { AlertFixtures.Edited(AlertFixtures.Fired, r => r.Essentials()["alertId"] = 42), "data.essentials.alertId" },
        { AlertFixtures.Edited(AlertFixtures.Fired, r => r.Essentials().Remove("severity")), "data.essentials.severity" },
        { AlertFixtures.Edited(AlertFixtures.Fired, r => r.Essentials()["severity"] = "Sev5"), "data.essentials.severity" },
        { AlertFixtures.Edited(AlertFixtures.Fired, r => r.Essentials()["severity"] = "sev1"), "data.essentials.severity" },
        { AlertFixtures.Edited(AlertFixtures.Fired, r => r.Essentials()["monitorCondition"] = "Active"), "data.essentials.monitorCondition" },
        { AlertFixtures.Edited(AlertFixtures.Fired, r => r.Essentials()["monitorCondition"] = null), "data.essentials.monitorCondition" },
        { AlertFixtures.Edited(AlertFixtures.Fired, r => r.Essentials()["alertTargetIDs"] = "app-checkout-prod"), "data.essentials.alertTargetIDs" },
        { AlertFixtures.Edited(AlertFixtures.Fired, r => r.Essentials()["configurationItems"] = new JsonArray("ok", 7)), "data.essentials.configurationItems[1]" },
        { AlertFixtures.Edited(AlertFixtures.Fired, r => r.Essentials()["firedDateTime"] = "yesterday"), "data.essentials.firedDateTime" },
        { AlertFixtures.Edited(AlertFixtures.Fired, r => r.Essentials()["alertRule"] = "rule\u202e"), "data.essentials.alertRule" },
        { AlertFixtures.Edited(AlertFixtures.Fired, r => r["data"]!["customProperties"] = new JsonArray("service")), "data.customProperties" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Parse_MalformedAlert_NamesTheField(string json, string field)
    {
        AlertParseResult result = AzureMonitorAlertParser.Parse(json);

        Assert.Null(result.Alert);
        Assert.Equal(field, result.Error?.Field);
        Assert.False(string.IsNullOrWhiteSpace(result.Error?.Reason));
    }

    [Fact]
    public void Parse_NotJson_IsAnErrorAtTheRoot() =>
        Assert.Equal("$", AzureMonitorAlertParser.Parse("{\"schemaId\":").Error?.Field);

    [Fact]
    public void Parse_CustomPropertyThatIsNotAString_IsLeftOut()
    {
        string json = AlertFixtures.Edited(AlertFixtures.Fired, r => r["data"]!["customProperties"] = new JsonObject { ["service"] = "checkout", ["replicas"] = 3, ["owner"] = null });

        AzureMonitorAlert alert = AzureMonitorAlertParser.Parse(json).Alert!;

        Assert.Equal(new Dictionary<string, string> { ["service"] = "checkout" }, alert.CustomProperties);
    }

    [Theory]
    [InlineData("""{"schemaId":"azureMonitorCommonAlertSchema"}""", true)]
    [InlineData("""{"schemaId":"AzureMonitorCommonAlertSchema"}""", false)]
    [InlineData("""{"service":"checkout"}""", false)]
    [InlineData("""["azureMonitorCommonAlertSchema"]""", false)]
    [InlineData("not json", false)]
    [InlineData(null, false)]
    public void IsCommonAlertSchema_TellsAlertsFromOtherData(string? data, bool expected) =>
        Assert.Equal(expected, AzureMonitorAlertParser.IsCommonAlertSchema(data));
}
