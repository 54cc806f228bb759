using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ReleasePolicy.Deployment.Incidents;
using ReleasePolicy.Deployment.Incidents.Api;
using ReleasePolicy.Evidence;

namespace ReleasePolicy.Functions;

/// <summary>
/// Incidents: their table (created on first use), the evidence log of root-cause analyses (in the evidence container)
/// and the owner check of the RCA route. Needs a <see cref="TableServiceClient"/>, a <see cref="BlobServiceClient"/>,
/// the evidence options and the people directory (registered by <see cref="ServiceRegistration"/>).
/// </summary>
public static class IncidentsRegistration
{
    public static IServiceCollection AddIncidents(this IServiceCollection services, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        services.Configure<IncidentOptions>(section.GetSection("Incidents"));
        services.TryAddSingleton<IIncidentStore>(sp => new TableIncidentStore(
            sp.GetRequiredService<TableServiceClient>().GetTableClient(sp.GetRequiredService<IOptions<IncidentOptions>>().Value.Table),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new RootCauseEvidenceLog(
            sp.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(sp.GetRequiredService<IOptions<EvidenceOptions>>().Value.Container),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IncidentOwners>();
        return services;
    }
}
