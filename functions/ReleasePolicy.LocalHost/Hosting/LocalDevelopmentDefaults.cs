using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using ReleasePolicy.Access;

namespace ReleasePolicy.LocalHost.Hosting;

/// <summary>
/// The settings the local host starts with when nothing else says otherwise: documented development keys for a
/// pipeline, the policy administrator and an auditor, the sample policy seeded into an empty store, and the dev
/// outbox with the policy's directory instead of Microsoft Graph. They sit
/// below every other configuration source, so any of them can be replaced (e.g. <c>ReleasePolicy__ApiKeys__pipeline__Secret</c>).
/// </summary>
internal static class LocalDevelopmentDefaults
{
    public const string PipelineKey = "local-dev-function-key";
    public const string AdminKey = "local-dev-admin-key";
    public const string AuditorKey = "local-dev-auditor-key";

    /// <summary>
    /// Signs approval links on a developer machine only: base64 of the text <c>local-dev-only-approval-signing-key-NOT-A-SECRET</c>
    /// (48 bytes). Anyone can forge links with it, which is the point locally; Azure reads a Key Vault secret instead.
    /// </summary>
    public const string DevelopmentOnlyApprovalSigningKey = "bG9jYWwtZGV2LW9ubHktYXBwcm92YWwtc2lnbmluZy1rZXktTk9ULUEtU0VDUkVU";

    /// <summary>Where the local host listens by default; approval links in the dev outbox point here.</summary>
    public const string PublicBaseUrl = LocalHostApp.DefaultUrl;

    public static IReadOnlyDictionary<string, string?> Values { get; } = new Dictionary<string, string?>
    {
        ["ReleasePolicy:ApiKeys:pipeline:Secret"] = PipelineKey,
        ["ReleasePolicy:ApiKeys:pipeline:Principal"] = "local-pipeline",
        ["ReleasePolicy:ApiKeys:pipeline:Kind"] = nameof(CallerKind.Pipeline),
        ["ReleasePolicy:ApiKeys:pipeline:Roles:0"] = Roles.ReleaseSubmit,
        ["ReleasePolicy:ApiKeys:pipeline:Roles:1"] = Roles.ReleaseSignal,
        ["ReleasePolicy:ApiKeys:admin:Secret"] = AdminKey,
        ["ReleasePolicy:ApiKeys:admin:Principal"] = "policy-admin",
        ["ReleasePolicy:ApiKeys:admin:Kind"] = nameof(CallerKind.Person),
        ["ReleasePolicy:ApiKeys:admin:Roles:0"] = Roles.PolicyPublish,
        ["ReleasePolicy:ApiKeys:admin:Roles:1"] = Roles.Operator,
        ["ReleasePolicy:ApiKeys:auditor:Secret"] = AuditorKey,
        ["ReleasePolicy:ApiKeys:auditor:Principal"] = "local-auditor",
        ["ReleasePolicy:ApiKeys:auditor:Kind"] = nameof(CallerKind.Person),
        ["ReleasePolicy:ApiKeys:auditor:Roles:0"] = Roles.EvidenceRead,
        ["ReleasePolicy:Policy:SeedSamplePolicy"] = "true",
        ["ReleasePolicy:ApprovalSigningKey"] = DevelopmentOnlyApprovalSigningKey,
        ["ReleasePolicy:Approvals:PublicBaseUrl"] = PublicBaseUrl,

        // No tenant locally: mails go to the dev outbox (GET /api/dev/outbox) and people come from the policy's directory.
        ["ReleasePolicy:Mail:Mode"] = "DevOutbox",
        ["ReleasePolicy:Directory:Mode"] = "Policy",

        // No topic locally: release events go to the dev event outbox (GET /api/dev/events).
        ["ReleasePolicy:Events:Outbound:Mode"] = "DevOutbox",
    };

    /// <summary>
    /// Approval links must point where this host listens: when the public base URL was left at its default and the host
    /// was told one concrete address (<c>--urls http://127.0.0.1:8080</c>), links use that address.
    /// </summary>
    public static void LinkToListeningAddress(IConfigurationManager configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string? urls = configuration[Microsoft.AspNetCore.Hosting.WebHostDefaults.ServerUrlsKey];
        if (configuration["ReleasePolicy:Approvals:PublicBaseUrl"] != PublicBaseUrl || string.IsNullOrWhiteSpace(urls) || urls.Contains(';', StringComparison.Ordinal))
        {
            return;
        }

        if (Uri.TryCreate(urls.Trim(), UriKind.Absolute, out Uri? address) && address.Port > 0 && address.IsLoopback)
        {
            configuration["ReleasePolicy:Approvals:PublicBaseUrl"] = address.GetLeftPart(UriPartial.Authority);
        }
    }

    /// <summary>Adds the defaults as the lowest-precedence source.</summary>
    public static void AddTo(IConfigurationBuilder configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Values });
    }
}
