using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ReleasePolicy.Releases;
using ReleasePolicy.Workflow;
using ReleasePolicy.Workflow.Activities;

namespace ReleasePolicy.Functions;

/// <summary>Registers the app's services; the Functions host and the local host both call this, and nothing else.</summary>
public static class ServiceRegistration
{
    public const string SectionName = "ReleasePolicy";

    public static IServiceCollection AddReleasePolicy(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        IConfigurationSection section = configuration.GetSection(SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.Configure<ReleaseStoreOptions>(section.GetSection("Storage"));
        services.Configure<WorkflowOptions>(section.GetSection("Workflow"));

        services.TryAddSingleton(sp => CreateTableServiceClient(sp.GetRequiredService<IOptions<ReleaseStoreOptions>>().Value, configuration));
        services.TryAddSingleton<IReleaseStore>(sp => new TableReleaseStore(
            sp.GetRequiredService<TableServiceClient>(),
            sp.GetRequiredService<IOptions<ReleaseStoreOptions>>().Value.ReleasesTable,
            sp.GetRequiredService<TimeProvider>()));

        services.TryAddTransient<ReadinessActivities>();
        services.TryAddTransient<ApprovalActivities>();
        services.TryAddTransient<SchedulingActivities>();
        services.TryAddTransient<DeploymentActivities>();
        services.TryAddTransient<ReleaseRecordActivities>();
        return services;
    }

    private static TableServiceClient CreateTableServiceClient(ReleaseStoreOptions options, IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return new TableServiceClient(options.ConnectionString);
        }

        if (options.TableServiceUri is not null)
        {
            // In Azure: the app's managed identity, granted Table Data Contributor on the account (infra/).
            return new TableServiceClient(options.TableServiceUri, new DefaultAzureCredential());
        }

        string? webJobsStorage = configuration["AzureWebJobsStorage"];
        if (!string.IsNullOrWhiteSpace(webJobsStorage))
        {
            return new TableServiceClient(webJobsStorage);
        }

        throw new InvalidOperationException(
            "No storage configured: set ReleasePolicy:Storage:ConnectionString, ReleasePolicy:Storage:TableServiceUri or AzureWebJobsStorage.");
    }
}
