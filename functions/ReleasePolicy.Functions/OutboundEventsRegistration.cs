using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReleasePolicy.Deployment.Notices;
using ReleasePolicy.Deployment.Outbound;

namespace ReleasePolicy.Functions;

/// <summary>
/// The deployment stage's outward communication: release events chosen by <c>ReleasePolicy:Events:Outbound:Mode</c>
/// (<c>EventGrid</c>, the default | <c>DevOutbox</c>, the local host's default | <c>None</c>, only when set), and the
/// deployment mails (<see cref="IDeploymentNotices"/>, through the mailer of <see cref="NotificationsRegistration"/>).
/// </summary>
public static class OutboundEventsRegistration
{
    public static IServiceCollection AddOutboundEvents(this IServiceCollection services, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        IConfigurationSection outbound = section.GetSection("Events:Outbound");
        var options = new OutboundEventsOptions();
        outbound.Bind(options);
        EnsureAllowed(options.Mode, Environment.GetEnvironmentVariable(NotificationsRegistration.AzureInstanceVariable));
        services.Configure<OutboundEventsOptions>(outbound);

        // The dev outbox store is there in every mode: its route answers 404 unless the outbox is the publisher.
        services.TryAddSingleton(sp => new DevEventOutbox(
            sp.GetRequiredService<TableServiceClient>().GetTableClient(sp.GetRequiredService<IOptions<OutboundEventsOptions>>().Value.DevOutboxTable)));
        services.TryAddSingleton(sp => new PublishedEventLedger(
            sp.GetRequiredService<TableServiceClient>().GetTableClient(sp.GetRequiredService<IOptions<OutboundEventsOptions>>().Value.Table)));
        switch (options.Mode)
        {
            case OutboundEventsMode.DevOutbox:
                services.TryAddSingleton<IReleaseEventPublisher>(sp => new DevOutboxReleasePublisher(
                    sp.GetRequiredService<DevEventOutbox>(),
                    sp.GetRequiredService<IOptions<OutboundEventsOptions>>().Value,
                    sp.GetRequiredService<ILogger<DevOutboxReleasePublisher>>()));
                break;
            case OutboundEventsMode.None:
                services.TryAddSingleton<IReleaseEventPublisher, NoReleasePublisher>();
                break;
            default:
                services.TryAddSingleton<IReleaseEventPublisher>(sp => new EventGridReleasePublisher(
                    sp.GetRequiredService<IOptions<OutboundEventsOptions>>().Value,
                    sp.GetRequiredService<PublishedEventLedger>(),
                    sp.GetRequiredService<TimeProvider>(),
                    sp.GetRequiredService<ILogger<EventGridReleasePublisher>>()));
                break;
        }

        services.TryAddTransient<IDeploymentNotices, DeploymentNotices>();
        return services;
    }

    /// <summary>
    /// The dev outbox would swallow the events pipelines and chat tools subscribe to (and its route lists them to
    /// anyone): an app in Azure refuses to start with it, as with the mail outbox.
    /// </summary>
    public static void EnsureAllowed(OutboundEventsMode mode, string? azureInstanceId)
    {
        if (mode == OutboundEventsMode.DevOutbox && !string.IsNullOrEmpty(azureInstanceId))
        {
            throw new InvalidOperationException(
                "ReleasePolicy:Events:Outbound:Mode is DevOutbox, which is for local development only; in Azure use EventGrid (and set ReleasePolicy:Events:Outbound:TopicEndpoint).");
        }
    }
}
