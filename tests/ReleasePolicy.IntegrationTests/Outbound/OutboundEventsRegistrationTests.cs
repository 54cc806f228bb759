using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ReleasePolicy.Deployment.Notices;
using ReleasePolicy.Deployment.Outbound;
using ReleasePolicy.Functions;

namespace ReleasePolicy.IntegrationTests.Outbound;

/// <summary>Which publisher a configuration gets: Event Grid unless told otherwise, and off only when told so.</summary>
public sealed class OutboundEventsRegistrationTests
{
    [Theory]
    [InlineData(null, typeof(EventGridReleasePublisher))]
    [InlineData("EventGrid", typeof(EventGridReleasePublisher))]
    [InlineData("DevOutbox", typeof(DevOutboxReleasePublisher))]
    [InlineData("None", typeof(NoReleasePublisher))]
    public void AddOutboundEvents_Mode_ChoosesThePublisher(string? mode, Type expected)
    {
        using ServiceProvider services = Services(mode);

        Assert.IsType(expected, services.GetRequiredService<IReleaseEventPublisher>());
    }

    [Fact]
    public void AddOutboundEvents_RegistersTheDeploymentNotices()
    {
        var services = new ServiceCollection();
        services.AddOutboundEvents(Section(mode: null));

        ServiceDescriptor notices = Assert.Single(services, d => d.ServiceType == typeof(IDeploymentNotices));
        Assert.Equal(typeof(DeploymentNotices), notices.ImplementationType);
    }

    private static ServiceProvider Services(string? mode)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);

        // Never contacted: building a publisher opens no connection.
        services.AddSingleton(new TableServiceClient("UseDevelopmentStorage=true"));
        services.AddOutboundEvents(Section(mode));
        return services.BuildServiceProvider();
    }

    private static IConfigurationSection Section(string? mode)
    {
        var values = new Dictionary<string, string?> { ["ReleasePolicy:Events:Outbound:TopicEndpoint"] = "http://127.0.0.1:9/api/events" };
        if (mode is not null)
        {
            values["ReleasePolicy:Events:Outbound:Mode"] = mode;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection("ReleasePolicy");
    }
}
