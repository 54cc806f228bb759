using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReleasePolicy.Approvals.Tokens;

namespace ReleasePolicy.Functions;

/// <summary>
/// Approval tokens: signed single-use links (key from <c>ReleasePolicy:ApprovalSigningKey</c>, uses recorded in
/// <c>ReleasePolicy:Approvals:TokenTable</c>) and the Actionable Message bearer token validator
/// (<c>ReleasePolicy:Approvals:ActionableMessages</c>). Settings are validated when the host starts.
/// Needs a <see cref="TableServiceClient"/> (registered by <see cref="ServiceRegistration"/>).
/// </summary>
public static class ApprovalTokensRegistration
{
    /// <param name="section">The <c>ReleasePolicy</c> section.</param>
    public static IServiceCollection AddApprovalTokens(this IServiceCollection services, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ApprovalSigningOptions>, ApprovalTokenOptionsValidation>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ApprovalTokenOptions>, ApprovalTokenOptionsValidation>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ActionableMessageOptions>, ApprovalTokenOptionsValidation>());

        // The keys sit on the ReleasePolicy section itself (ReleasePolicy__ApprovalSigningKey), next to the other secrets.
        services.AddOptions<ApprovalSigningOptions>().Bind(section).ValidateOnStart();
        IConfigurationSection approvals = section.GetSection(ApprovalTokenOptions.SectionName);
        services.AddOptions<ApprovalTokenOptions>().Bind(approvals).ValidateOnStart();
        services.AddOptions<ActionableMessageOptions>()
            .Bind(approvals.GetSection(ActionableMessageOptions.SectionName))
            // The audience Outlook puts in its tokens is our base URL, unless a tenant's registration says otherwise.
            .PostConfigure<IOptions<ApprovalTokenOptions>>((actionable, tokens) =>
                actionable.Audience ??= tokens.Value.PublicBaseUrl?.GetLeftPart(UriPartial.Authority))
            .ValidateOnStart();

        services.TryAddSingleton(sp => ApprovalSigningKeys.FromOptions(sp.GetRequiredService<IOptions<ApprovalSigningOptions>>().Value));
        services.TryAddSingleton<ApprovalLinkTokens>();
        services.TryAddSingleton<ITokenUseLedger>(sp => new TableTokenUseLedger(
            sp.GetRequiredService<TableServiceClient>(),
            sp.GetRequiredService<IOptions<ApprovalTokenOptions>>().Value.TokenTable));
        // One validator for the app: its metadata manager caches the issuer's keys between requests.
        services.TryAddSingleton(sp =>
        {
            ActionableMessageOptions options = sp.GetRequiredService<IOptions<ActionableMessageOptions>>().Value;
            return new ActionableMessageTokenValidator(
                options,
                ActionableMessageTokenValidator.CreateMetadataManager(options),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<ActionableMessageTokenValidator>>());
        });
        return services;
    }
}
