using System.Text.RegularExpressions;

namespace ReleasePolicy.Core.Tests.Infra;

/// <summary>The app publishes release events to the template's topic with its identity, and may do nothing else there.</summary>
public sealed class OutboundEventsInfraTests
{
    [Fact]
    public void ApiBicep_OutboundSettings_EventGridModeTopicEndpointAndIdentityWithoutKey()
    {
        string settings = InfraText.AppSettings();

        Assert.Equal("'EventGrid'", InfraText.Setting(settings, "ReleasePolicy__Events__Outbound__Mode"));
        Assert.Equal("eventGridTopicEndpoint", InfraText.Setting(settings, "ReleasePolicy__Events__Outbound__TopicEndpoint"));
        Assert.Equal("identityClientId", InfraText.Setting(settings, "ReleasePolicy__Events__Outbound__ClientId"));
        Assert.Null(InfraText.Setting(settings, "ReleasePolicy__Events__Outbound__TopicKey"));
    }

    [Fact]
    public void MainBicep_TopicEndpoint_IsTheTopicModulesOutput()
    {
        string main = InfraText.Read("infra", "main.bicep");

        Assert.Matches(@"(?m)^\s*eventGridTopicEndpoint: eventGrid\.outputs\.endpoint$", main);
    }

    [Fact]
    public void Rbac_OnTopic_OnlyEventGridDataSender_ForTheApp()
    {
        string rbac = InfraText.Read("infra", "app", "rbac.bicep");

        string[] onTopic = [.. InfraText.ResourceBlocks(rbac).Where(block => Regex.IsMatch(block, @"(?m)^\s*scope: topic$"))];

        string assignment = Assert.Single(onTopic);
        Assert.Contains("roles.eventGridDataSender", assignment, StringComparison.Ordinal);
        Assert.Contains("principalId: appPrincipalId", assignment, StringComparison.Ordinal);
        Assert.Contains("eventGridDataSender: 'd5a91429-5739-47e2-a06b-3470a27159e7'", rbac, StringComparison.Ordinal);
    }

    [Fact]
    public void Topic_LocalAuth_IsDisabled()
    {
        string topic = InfraText.Read("infra", "core", "eventgrid", "topic.bicep");

        Assert.Matches(@"(?m)^\s*disableLocalAuth: true$", topic);
    }
}
