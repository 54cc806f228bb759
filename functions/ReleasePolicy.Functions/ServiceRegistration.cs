using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using ReleasePolicy.Access;
using ReleasePolicy.Approvals;
using ReleasePolicy.Calendar;
using ReleasePolicy.Calendar.Store;
using ReleasePolicy.Evidence;
using ReleasePolicy.Functions.Http;
using ReleasePolicy.Policy;
using ReleasePolicy.Policy.Store;
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
        services.AddAccess(section);
        services.Configure<ReleaseStoreOptions>(section.GetSection("Storage"));
        services.Configure<WorkflowOptions>(section.GetSection("Workflow"));

        services.TryAddSingleton(sp => CreateTableServiceClient(sp.GetRequiredService<IOptions<ReleaseStoreOptions>>().Value, configuration));
        services.TryAddSingleton<IReleaseStore>(sp => new TableReleaseStore(
            sp.GetRequiredService<TableServiceClient>(),
            sp.GetRequiredService<IOptions<ReleaseStoreOptions>>().Value.ReleasesTable,
            sp.GetRequiredService<TimeProvider>()));

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PolicyStoreOptions>, PolicySeedValidation>());
        services.AddOptions<PolicyStoreOptions>().Bind(section.GetSection("Policy")).ValidateOnStart();
        services.TryAddSingleton(sp => PolicySeed.From(sp.GetRequiredService<IOptions<PolicyStoreOptions>>().Value));
        services.TryAddSingleton(sp => CreateBlobServiceClient(sp.GetRequiredService<IOptions<ReleaseStoreOptions>>().Value, configuration));
        services.TryAddSingleton<IPolicyStore>(sp => new BlobPolicyStore(
            sp.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(sp.GetRequiredService<IOptions<PolicyStoreOptions>>().Value.Container),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<PolicySeed>().Text,
            PolicySeed.VersionOf));
        services.TryAddSingleton<PolicyCatalog>();
        services.TryAddSingleton(sp => new BlobPolicyProposals(
            sp.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(sp.GetRequiredService<IOptions<PolicyStoreOptions>>().Value.Container),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<PolicyChangeIntake>();
        services.AddEvidence(section);
        services.TryAddSingleton<ISubmissionArchive, EvidenceSubmissionArchive>();
        services.TryAddTransient<StageRecorder>();
        services.Configure<CrashInjectionOptions>(section.GetSection("Testing"));
        services.TryAddSingleton<CrashInjection>();
        services.TryAddSingleton<ReleaseIntake>();
        services.AddNotifications(section);

        services.AddApprovals(section);
        services.AddCalendar(section);
        services.AddCalendarApi();
        services.AddEvents(section);
        services.AddOutboundEvents(section);
        services.AddIncidents(section);

        services.TryAddTransient<ReadinessActivities>();
        services.TryAddTransient<ApprovalActivities>();
        services.TryAddTransient<SchedulingActivities>();
        services.TryAddTransient<PreDeploymentCheckActivities>();
        services.TryAddTransient<FreezeOverrideRules>();
        services.TryAddTransient<DependencySignOffPlanner>();
        services.TryAddTransient<RescheduleNotices>();
        services.TryAddTransient<DeploymentActivities>();
        services.TryAddTransient<DeploymentConclusions>();
        services.TryAddTransient<RollbackActivities>();
        services.TryAddTransient<ReleaseEvents>();
        services.TryAddTransient<ReleaseRecordActivities>();
        return services;
    }

    /// <summary>The approval tally, segregation of duties, and the approval stage's activities.</summary>
    private static IServiceCollection AddApprovals(this IServiceCollection services, IConfigurationSection section)
    {
        services.Configure<ApprovalOptions>(section.GetSection("Approvals"));
        services.TryAddSingleton<IApprovalStore>(sp => new TableApprovalStore(
            sp.GetRequiredService<TableServiceClient>().GetTableClient(sp.GetRequiredService<IOptions<ApprovalOptions>>().Value.Table)));
        services.AddApprovalTokens(section);
        services.TryAddSingleton<ApproverEligibility>();
        services.TryAddTransient<ApproverResolution>();
        services.TryAddSingleton<ApprovalSummaries>();
        services.TryAddSingleton<IApprovalInvitations, ApprovalInvitationSender>();
        services.TryAddSingleton(sp => new ApprovalSecurityLog(
            sp.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(sp.GetRequiredService<IOptions<EvidenceOptions>>().Value.Container),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ApprovalAnswers>();
        services.TryAddTransient<EmergencyApprovalRules>();
        services.TryAddTransient<RecentEmergencies>();
        services.TryAddTransient<ApprovalTierActivities>();
        services.TryAddTransient<PolicyChangeEvidence>();
        services.TryAddTransient<PolicyChangeActivities>();
        services.TryAddTransient<PolicyChangeTierActivities>();
        return services;
    }

    /// <summary>The release calendar (bookings, lane heads) and ad-hoc freezes: one table, created on first use.</summary>
    private static IServiceCollection AddCalendar(this IServiceCollection services, IConfigurationSection section)
    {
        services.Configure<CalendarOptions>(section.GetSection("Calendar"));
        services.TryAddSingleton<ICalendarStore>(sp =>
        {
            CalendarOptions options = sp.GetRequiredService<IOptions<CalendarOptions>>().Value;
            return new TableCalendarStore(sp.GetRequiredService<TableServiceClient>().GetTableClient(options.Table), options);
        });
        services.TryAddSingleton<IFreezeStore>(sp => new TableFreezeStore(
            sp.GetRequiredService<TableServiceClient>().GetTableClient(sp.GetRequiredService<IOptions<CalendarOptions>>().Value.Table)));
        return services;
    }

    /// <summary>The one door: named API keys, the platform principal when trusted, the route table.</summary>
    private static IServiceCollection AddAccess(this IServiceCollection services, IConfigurationSection section)
    {
        services.Configure<AuthOptions>(section.GetSection("Auth"));
        services.Configure<ApiKeyOptions>(options =>
        {
            foreach (IConfigurationSection key in section.GetSection("ApiKeys").GetChildren())
            {
                var definition = new ApiKeyDefinition();
                key.Bind(definition);
                options.Keys[key.Key] = definition;
            }
        });
        services.TryAddSingleton<CallerAuthenticator>();
        services.TryAddSingleton<HttpDoor>();
        return services;
    }

    /// <summary>The write-once evidence container, its ledger index, and the signing key (Key Vault in Azure).</summary>
    private static IServiceCollection AddEvidence(this IServiceCollection services, IConfigurationSection section)
    {
        services.Configure<EvidenceOptions>(section.GetSection("Evidence"));
        services.TryAddSingleton(sp => EvidenceSigningKeyLoader.Load(sp.GetRequiredService<IOptions<EvidenceOptions>>().Value));
        services.TryAddSingleton<IEvidenceStore>(sp =>
        {
            EvidenceOptions options = sp.GetRequiredService<IOptions<EvidenceOptions>>().Value;
            return new BlobEvidenceStore(
                sp.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(options.Container),
                sp.GetRequiredService<TableServiceClient>().GetTableClient(options.LedgerTable),
                sp.GetRequiredService<EvidenceSigner>(),
                options,
                sp.GetRequiredService<TimeProvider>());
        });
        return services;
    }

    private static BlobServiceClient CreateBlobServiceClient(ReleaseStoreOptions options, IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return new BlobServiceClient(options.ConnectionString);
        }

        if (options.BlobServiceUri is not null)
        {
            return new BlobServiceClient(options.BlobServiceUri, new DefaultAzureCredential());
        }

        string? webJobsStorage = configuration["AzureWebJobsStorage"];
        if (!string.IsNullOrWhiteSpace(webJobsStorage))
        {
            return new BlobServiceClient(webJobsStorage);
        }

        throw new InvalidOperationException(
            "No storage configured: set ReleasePolicy:Storage:ConnectionString, ReleasePolicy:Storage:BlobServiceUri or AzureWebJobsStorage.");
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
