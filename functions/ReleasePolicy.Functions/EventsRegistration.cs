using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ReleasePolicy.Deployment.Events;
using ReleasePolicy.Deployment.Signals;

namespace ReleasePolicy.Functions;

/// <summary>
/// The Event Grid webhook's services: the events table (de-duplication, unmatched, per release), matching and the
/// processor. Needs a <see cref="TableServiceClient"/> and the release store (registered by <see cref="ServiceRegistration"/>).
/// </summary>
public static class EventsRegistration
{
    public static IServiceCollection AddEvents(this IServiceCollection services, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        services.Configure<EventsOptions>(section.GetSection("Events"));
        services.TryAddSingleton(sp => new TableEventLedger(
            sp.GetRequiredService<TableServiceClient>().GetTableClient(sp.GetRequiredService<IOptions<EventsOptions>>().Value.Table)));
        services.TryAddSingleton<ReleaseEventMatcher>();
        services.TryAddSingleton<InboundEventProcessor>();
        services.TryAddSingleton<SignalAuthorizer>();
        return services;
    }
}
