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

        // No tenant locally: mails go to the dev outbox (GET /api/dev/outbox) and people come from the policy's directory.
        ["ReleasePolicy:Mail:Mode"] = "DevOutbox",
        ["ReleasePolicy:Directory:Mode"] = "Policy",
    };

    /// <summary>Adds the defaults as the lowest-precedence source.</summary>
    public static void AddTo(IConfigurationBuilder configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Values });
    }
}
