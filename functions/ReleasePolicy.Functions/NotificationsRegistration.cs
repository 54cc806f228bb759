using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Kiota.Abstractions.Authentication;
using ReleasePolicy.Approvals.AccessReview;
using ReleasePolicy.Notifications;
using ReleasePolicy.Notifications.DevOutbox;
using ReleasePolicy.Notifications.Graph;
using ReleasePolicy.Policy.Store;

namespace ReleasePolicy.Functions;

/// <summary>
/// Mail and the people directory, chosen by <c>ReleasePolicy:Mail:Mode</c> (<c>Graph</c> | <c>DevOutbox</c>) and
/// <c>ReleasePolicy:Directory:Mode</c> (<c>Graph</c> | <c>Policy</c>). Graph is the default of both; the local host
/// defaults to the dev outbox and the policy's directory. Graph is connected at first use, so a missing setting fails
/// there, with its name. An <see cref="IAuthenticationProvider"/> registered before this replaces the Entra credential
/// (tests point the real SDK at a local stub with a static token).
/// </summary>
public static class NotificationsRegistration
{
    /// <summary>Set by App Service on every instance in Azure (and never by the local host).</summary>
    public const string AzureInstanceVariable = "WEBSITE_INSTANCE_ID";

    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var mail = new MailOptions();
        section.GetSection("Mail").Bind(mail);
        var people = new DirectoryOptions();
        section.GetSection("Directory").Bind(people);
        EnsureAllowed(mail.Mode, Environment.GetEnvironmentVariable(AzureInstanceVariable));
        EnsureAllowed(people.Mode, Environment.GetEnvironmentVariable(AzureInstanceVariable));

        services.Configure<MailOptions>(section.GetSection("Mail"));
        services.Configure<DirectoryOptions>(section.GetSection("Directory"));
        services.Configure<GraphOptions>(section.GetSection("Graph"));
        services.TryAddSingleton(sp => new GraphConnection(sp.GetRequiredService<IOptions<GraphOptions>>(), sp.GetService<IAuthenticationProvider>()));

        // The outbox store is there in every mode: its page answers 404 unless the outbox is the mailer.
        services.TryAddSingleton(sp => new DevOutboxStore(
            sp.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(sp.GetRequiredService<IOptions<MailOptions>>().Value.OutboxContainer),
            sp.GetRequiredService<TimeProvider>()));

        if (mail.Mode == MailMode.DevOutbox)
        {
            services.TryAddSingleton<IMailer, DevOutboxMailer>();
        }
        else
        {
            services.TryAddSingleton<IMailer, GraphMailer>();
        }

        if (people.Mode == DirectoryMode.Policy)
        {
            services.TryAddSingleton<IPeopleDirectory>(sp => new PolicyPeopleDirectory(sp.GetRequiredService<PolicyCatalog>()));
        }
        else
        {
            services.TryAddSingleton<IPeopleDirectory, GraphPeopleDirectory>();
        }

        services.TryAddTransient<AccessReviewBuilder>();
        return services;
    }

    /// <summary>
    /// The dev outbox would swallow approval mails in production (and its page lists them to anyone): an app in Azure
    /// refuses to start with it.
    /// </summary>
    public static void EnsureAllowed(MailMode mode, string? azureInstanceId)
    {
        if (mode == MailMode.DevOutbox && !string.IsNullOrEmpty(azureInstanceId))
        {
            throw new InvalidOperationException(
                "ReleasePolicy:Mail:Mode is DevOutbox, which is for local development only; in Azure use Graph (and configure ReleasePolicy:Graph).");
        }
    }

    /// <summary>
    /// The policy's built-in directory would let whoever writes the policy decide who is in the approver groups, and
    /// membership would no longer be checked against Entra ID at each decision: an app in Azure refuses to start with it.
    /// </summary>
    public static void EnsureAllowed(DirectoryMode mode, string? azureInstanceId)
    {
        if (mode == DirectoryMode.Policy && !string.IsNullOrEmpty(azureInstanceId))
        {
            throw new InvalidOperationException(
                "ReleasePolicy:Directory:Mode is Policy, which is for local development only; in Azure use Graph so approvers are checked against Entra ID.");
        }
    }
}
