using ReleasePolicy.Deployment.Signals;
using ReleasePolicy.Policy;

namespace ReleasePolicy.Core.Tests.Deployment.Signals;

public class AlertMappingsTests
{
    private static readonly AzureMonitorAlert Fired = AzureMonitorAlertParser.Parse(AlertFixtures.Text(AlertFixtures.Fired)).Alert!;

    private static AlertMapping Mapping(string service = "catalog-web", string environment = "staging", string[]? targets = null, string[]? items = null, Dictionary<string, string>? properties = null) =>
        new(service, environment, targets ?? [], items ?? [], properties ?? []);

    private static MonitoringPolicy Monitoring(params AlertMapping[] alerts) =>
        MonitoringPolicy.Unmonitored with { Alerts = alerts, Governed = true };

    [Fact]
    public void Applies_TargetResourceIdInAnotherCase_Matches() =>
        Assert.True(AlertMappings.Applies(Mapping(targets: ["/SUBSCRIPTIONS/00000000-0000-0000-0000-000000000000/resourceGroups/rg-checkout-prod/providers/Microsoft.Web/sites/app-checkout-prod"]), Fired));

    [Fact]
    public void Applies_ConfigurationItemListed_Matches() =>
        Assert.True(AlertMappings.Applies(Mapping(items: ["other", "App-Checkout-Prod"]), Fired));

    [Fact]
    public void Applies_EveryListedCustomPropertyEqual_Matches() =>
        Assert.True(AlertMappings.Applies(Mapping(properties: new() { ["service"] = "checkout", ["environment"] = "prod" }), Fired));

    [Theory]
    [InlineData("environment", "staging")]
    [InlineData("environment", "Prod")]
    [InlineData("region", "westeurope")]
    public void Applies_OneCustomPropertyDiffersOrIsMissing_DoesNotMatch(string name, string value) =>
        Assert.False(AlertMappings.Applies(Mapping(properties: new() { ["service"] = "checkout", [name] = value }), Fired));

    [Fact]
    public void Applies_MappingListingNothing_NeverMatches() =>
        Assert.False(AlertMappings.Applies(Mapping(), Fired));

    [Fact]
    public void Applies_OtherResourcesOnly_DoesNotMatch() =>
        Assert.False(AlertMappings.Applies(Mapping(targets: ["/subscriptions/x/sites/app-payments-prod"], items: ["app-payments-prod"]), Fired));

    [Fact]
    public void Targets_SeveralMappings_AreInPolicyOrderEachOnce()
    {
        MonitoringPolicy monitoring = Monitoring(
            Mapping("orders-api", "production", items: ["app-orders-prod"]),
            Mapping("catalog-web", "staging", items: ["app-checkout-prod"]),
            Mapping("payments-api", "production", properties: new() { ["service"] = "checkout" }),
            Mapping("catalog-web", "staging", properties: new() { ["environment"] = "prod" }));

        Assert.Equal([("catalog-web", "staging"), ("payments-api", "production")], AlertMappings.Targets(monitoring, Fired));
    }

    [Fact]
    public void Targets_UnmonitoredPolicy_IsEmpty() =>
        Assert.Empty(AlertMappings.Targets(MonitoringPolicy.Unmonitored, Fired));
}
