using System.Globalization;
using System.Runtime.CompilerServices;
using ReleasePolicy.Policy;

namespace ReleasePolicy.Readiness;

/// <summary>
/// Lookups and preformatted thresholds derived once per policy instance, so the per-decision path does dictionary
/// hits instead of list scans and string formatting. Keyed by reference through a weak table: records are immutable,
/// and a <c>with</c> copy is a new instance that gets its own index.
/// </summary>
internal sealed class PolicyIndex
{
    private static readonly ConditionalWeakTable<PolicyDocument, PolicyIndex> Cache = new();

    private readonly Dictionary<string, GovernedService> services;
    private readonly Dictionary<string, GovernedEnvironment> environments;
    private readonly Dictionary<string, OwnershipEntry> ownership;

    private PolicyIndex(PolicyDocument policy)
    {
        services = new Dictionary<string, GovernedService>(StringComparer.OrdinalIgnoreCase);
        foreach (var service in policy.Scope.Services)
        {
            services.TryAdd(service.Name, service);
        }

        environments = new Dictionary<string, GovernedEnvironment>(StringComparer.OrdinalIgnoreCase);
        foreach (var environment in policy.Scope.Environments)
        {
            environments.TryAdd(environment.Name, environment);
        }

        ownership = new Dictionary<string, OwnershipEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in policy.Ownership)
        {
            ownership.TryAdd(entry.Service, new OwnershipEntry(entry));
        }

        var oversight = new Dictionary<ApprovalRoute, OversightEntry>();
        foreach (var entry in policy.Oversight)
        {
            oversight.TryAdd(entry.Route, entry);
        }

        Types = new TypeIndex[4];
        for (var i = 0; i < Types.Length; i++)
        {
            Types[i] = new TypeIndex((ReleaseType)i, policy.ReleaseTypes.For((ReleaseType)i), oversight);
        }
    }

    public TypeIndex[] Types { get; }

    public static PolicyIndex For(PolicyDocument policy) => Cache.GetValue(policy, static p => new PolicyIndex(p));

    public bool TryGetService(string? name, out GovernedService service)
    {
        service = null!;
        return name is not null && services.TryGetValue(name, out service!);
    }

    public bool TryGetEnvironment(string? name, out GovernedEnvironment environment)
    {
        environment = null!;
        return name is not null && environments.TryGetValue(name, out environment!);
    }

    public OwnershipEntry? Ownership(string service) => ownership.GetValueOrDefault(service);

    internal sealed class OwnershipEntry(ServiceOwnership ownership)
    {
        public ServiceOwnership Ownership { get; } = ownership;

        public HashSet<string> Initiators { get; } = new(ownership.Initiators, StringComparer.OrdinalIgnoreCase);

        public string InitiatorList { get; } = string.Join(", ", ownership.Initiators);
    }

    internal sealed class TypeIndex
    {
        public TypeIndex(ReleaseType type, ReleaseTypePolicy policy, Dictionary<ApprovalRoute, OversightEntry> oversight)
        {
            Policy = policy;
            var invariant = CultureInfo.InvariantCulture;
            CoverageThreshold = string.Create(invariant, $">= {policy.MinCoverage:0.###}");
            ScanThresholds =
            [
                string.Create(invariant, $"<= {policy.MaxScanFindings.Critical}"),
                string.Create(invariant, $"<= {policy.MaxScanFindings.High}"),
                string.Create(invariant, $"<= {policy.MaxScanFindings.Medium}"),
                string.Create(invariant, $"<= {policy.MaxScanFindings.Low}"),
            ];
            RunbookThreshold = "sections: " + string.Join(", ", policy.RequiredRunbookSections);
            RehearsalThreshold = policy.RollbackRehearsalMaxAgeDays is { } days
                ? string.Create(invariant, $"in staging, <= {days} days old")
                : null;
            PeerThreshold = string.Create(invariant, $">= {policy.MinPeerApprovals} independent approvals");

            Oversight = new OversightRequirement[4];
            for (var level = 0; level < 4; level++)
            {
                var route = policy.ApprovalRoute.For((Risk.RiskLevel)level);
                // Validation guarantees the entry exists; the fallback only guards hand-built documents.
                var entry = oversight.GetValueOrDefault(route) ?? new OversightEntry(route, []);
                var autoApprove = route == ApprovalRoute.AutoApprove && entry.AutoApproveAllowedFor.Contains(type);
                Oversight[level] = new OversightRequirement(route, autoApprove)
                {
                    Chain = entry.Chain,
                    AutoApproveRule = autoApprove ? entry.AutoApproveRule : null,
                };
            }
        }

        public ReleaseTypePolicy Policy { get; }

        public string CoverageThreshold { get; }

        public string[] ScanThresholds { get; }

        public string RunbookThreshold { get; }

        public string? RehearsalThreshold { get; }

        public string PeerThreshold { get; }

        public OversightRequirement[] Oversight { get; }
    }
}
