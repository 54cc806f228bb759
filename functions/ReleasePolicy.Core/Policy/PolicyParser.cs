using System.Globalization;
using ReleasePolicy.Policy.Yaml;
using ReleasePolicy.Readiness;
using ReleasePolicy.Risk;

namespace ReleasePolicy.Policy;

/// <summary>
/// Parses and validates a policy written in YAML (JSON is accepted, being YAML). All problems are collected with the
/// dotted path and, where the node exists, its line and column; the document is returned only when there are none.
/// </summary>
public static class PolicyParser
{
    private static readonly string[] TopLevelKeys =
        ["version", "name", "scope", "releaseTypes", "risk", "ownership", "oversight", "controls"];

    private static readonly string[] ScopeKeys = ["services", "environments", "outOfScope"];
    private static readonly string[] ServiceKeys = ["name", "tier", "highTraffic", "dependents"];
    private static readonly string[] EnvironmentKeys = ["name", "production"];

    private static readonly string[] ReleaseTypeKeys =
    [
        "minCoverage", "maxScanFindings", "loadTestRequiredForHighTraffic", "requiredRunbookSections",
        "rollbackPlanRequired", "rollbackRehearsalMaxAgeDays", "peerReviewRequired", "minPeerApprovals", "rto",
        "postFactoReviewRequired", "approvalRoute",
    ];

    private static readonly string[] SeverityKeys = ["critical", "high", "medium", "low"];
    private static readonly string[] LevelKeys = ["low", "medium", "high", "critical"];
    private static readonly string[] RiskKeys = ["weights", "impact", "complexity", "rollbackFeasibility", "bands"];
    private static readonly string[] WeightKeys = ["impact", "complexity", "rollbackFeasibility"];
    private static readonly string[] ImpactKeys = ["criticalityPoints", "productionPoints", "pointsPerDependent", "maxDependentPoints"];
    private static readonly string[] TierKeys = ["tier-0", "tier-1", "tier-2", "tier-3"];
    private static readonly string[] ComplexityKeys = ["filesChanged", "linesChanged", "dependencies", "schemaMigrationPoints"];
    private static readonly string[] ThresholdKeys = ["atLeast", "points"];

    private static readonly string[] RollbackKeys =
        ["notRehearsedPoints", "backwardIncompatibleSchemaPoints", "downMigrationUntestedPoints"];

    private static readonly string[] BandKeys = ["min", "max"];
    private static readonly string[] OwnershipKeys = ["initiators", "approvers", "rollbackOwner", "informed"];
    private static readonly string[] OversightKeys = ["approverGroups", "quorum", "seniorApproverGroup", "autoApproveAllowedFor"];
    private static readonly string[] ControlKeys = ["id", "kind", "description", "appliesTo", "frameworks"];
    private static readonly string[] FrameworkKeys = ["framework", "clause"];
    private static readonly string[] ControlKindNames = ["gate", "approvalRule", "sodRule", "retentionRule"];
    private static readonly string[] FrameworkNames = ["SOX", "HIPAA", "GDPR", "ISO27001", "NIST80053"];

    /// <summary>Never throws: malformed text, wrong types and policy violations all come back as errors.</summary>
    public static PolicyParseResult Parse(string text)
    {
        var errors = new List<PolicyValidationError>();
        if (text is null)
        {
            errors.Add(new PolicyValidationError(string.Empty, null, null, "policy text is missing"));
            return new PolicyParseResult(null, errors);
        }

        try
        {
            var document = ParseCore(text, errors);
            return errors.Count == 0 && document is not null
                ? new PolicyParseResult(document, errors)
                : new PolicyParseResult(null, errors);
        }
#pragma warning disable CA1031 // Callers rely on Parse never throwing; a defect here must surface as an error, not a crash.
        catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            errors.Add(new PolicyValidationError(string.Empty, null, null, $"policy could not be parsed: {ex.Message}"));
            return new PolicyParseResult(null, errors);
        }
    }

    private static PolicyDocument? ParseCore(string text, List<PolicyValidationError> errors)
    {
        var root = YamlTree.Load(text, errors);
        if (errors.Count > 0)
        {
            return null;
        }

        var reader = new YamlFieldReader(errors);
        if (root is null or YScalar { IsNull: true })
        {
            reader.Error(null, string.Empty, "policy is empty");
            return null;
        }

        var map = reader.Mapping(root, string.Empty);
        if (map is null)
        {
            return null;
        }

        reader.RejectUnknownKeys(map, string.Empty, TopLevelKeys, "top-level key");
        var version = reader.Text(map, "version", string.Empty, required: true);
        var name = reader.Text(map, "name", string.Empty, required: true);
        var scope = ReadScope(reader, reader.Mapping(map, "scope", string.Empty, required: true));
        var oversight = ReadOversight(reader, reader.Mapping(map, "oversight", string.Empty, required: true));
        var releaseTypes = ReadReleaseTypes(
            reader, reader.Mapping(map, "releaseTypes", string.Empty, required: true), oversight);
        var risk = ReadRisk(reader, reader.Mapping(map, "risk", string.Empty, required: true));
        var ownership = ReadOwnership(reader, reader.Mapping(map, "ownership", string.Empty, required: true), scope);
        var controlsNode = reader.Field(map, "controls", string.Empty, required: false);
        var controls = controlsNode is null ? [] : ReadControls(reader, controlsNode);

        if (errors.Count > 0 || version is null || name is null || scope is null || releaseTypes is null
            || risk is null || ownership is null || oversight is null || controls is null)
        {
            return null;
        }

        return new PolicyDocument(version, name, scope, releaseTypes, risk, ownership, oversight.Entries, controls);
    }

    private static PolicyScope? ReadScope(YamlFieldReader reader, YMapping? map)
    {
        const string path = "scope";
        if (map is null)
        {
            return null;
        }

        reader.RejectUnknownKeys(map, path, ScopeKeys);
        var services = ReadServices(reader, map);
        var environments = ReadEnvironments(reader, map);

        OutOfScopeBehaviour? behaviour = null;
        var outOfScope = reader.Text(map, "outOfScope", path, required: true);
        if (outOfScope == "reject")
        {
            behaviour = OutOfScopeBehaviour.Reject;
        }
        else if (outOfScope == "passThrough")
        {
            behaviour = OutOfScopeBehaviour.PassThrough;
        }
        else if (outOfScope is not null)
        {
            reader.Error(map["outOfScope"], "scope.outOfScope", $"expected 'reject' or 'passThrough' but found '{outOfScope}'");
        }

        return services is null || environments is null || behaviour is null
            ? null
            : new PolicyScope(services, environments, behaviour.Value);
    }

    private static List<GovernedService>? ReadServices(YamlFieldReader reader, YMapping scope)
    {
        const string path = "scope.services";
        var sequence = reader.Sequence(reader.Field(scope, "services", "scope", required: true), path);
        if (sequence is null)
        {
            return null;
        }

        if (sequence.Items.Count == 0)
        {
            reader.Error(sequence, path, "at least one governed service is required");
        }

        var services = new List<GovernedService>(sequence.Items.Count);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var itemPath = YamlFieldReader.Index(path, i);
            var item = reader.Mapping(sequence.Items[i], itemPath);
            if (item is null)
            {
                continue;
            }

            reader.RejectUnknownKeys(item, itemPath, ServiceKeys);
            var name = reader.Text(item, "name", itemPath, required: true);
            if (name is not null && !names.Add(name))
            {
                reader.Error(item["name"], $"{itemPath}.name", $"service '{name}' is listed twice");
            }

            CriticalityTier? tier = null;
            var tierText = reader.Text(item, "tier", itemPath, required: true);
            if (tierText is not null)
            {
                if (CriticalityTierNames.TryParse(tierText, out var parsed))
                {
                    tier = parsed;
                }
                else
                {
                    reader.Error(item["tier"], $"{itemPath}.tier", $"expected one of tier-0, tier-1, tier-2, tier-3 but found '{tierText}'");
                }
            }

            var highTraffic = reader.Bool(item, "highTraffic", itemPath, required: false) ?? false;
            var (count, dependents) = ReadDependents(reader, item, itemPath);
            if (name is not null && tier is not null)
            {
                services.Add(new GovernedService(name, tier.Value, highTraffic, count, dependents));
            }
        }

        return services;
    }

    /// <summary>Dependents may be given as a count or as the list of dependent services.</summary>
    private static (int Count, IReadOnlyList<string> Names) ReadDependents(YamlFieldReader reader, YMapping item, string path)
    {
        var node = reader.Field(item, "dependents", path, required: false);
        if (node is null)
        {
            return (0, []);
        }

        if (node is YSequence)
        {
            var names = reader.TextList(item, "dependents", path, required: false) ?? [];
            return (names.Count, names);
        }

        return (reader.NonNegativeInteger(item, "dependents", path, required: false) ?? 0, []);
    }

    private static List<GovernedEnvironment>? ReadEnvironments(YamlFieldReader reader, YMapping scope)
    {
        const string path = "scope.environments";
        var sequence = reader.Sequence(reader.Field(scope, "environments", "scope", required: true), path);
        if (sequence is null)
        {
            return null;
        }

        if (sequence.Items.Count == 0)
        {
            reader.Error(sequence, path, "at least one environment is required");
        }

        var environments = new List<GovernedEnvironment>(sequence.Items.Count);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var itemPath = YamlFieldReader.Index(path, i);
            var item = reader.Mapping(sequence.Items[i], itemPath);
            if (item is null)
            {
                continue;
            }

            reader.RejectUnknownKeys(item, itemPath, EnvironmentKeys);
            var name = reader.Text(item, "name", itemPath, required: true);
            if (name is not null && !names.Add(name))
            {
                reader.Error(item["name"], $"{itemPath}.name", $"environment '{name}' is listed twice");
            }

            var production = reader.Bool(item, "production", itemPath, required: true);
            if (name is not null && production is not null)
            {
                environments.Add(new GovernedEnvironment(name, production.Value));
            }
        }

        return environments;
    }

    private sealed record OversightSection(List<OversightEntry> Entries, Dictionary<ApprovalRoute, OversightEntry> ByRoute);

    private static OversightSection? ReadOversight(YamlFieldReader reader, YMapping? map)
    {
        const string path = "oversight";
        if (map is null)
        {
            return null;
        }

        var entries = new List<OversightEntry>();
        var byRoute = new Dictionary<ApprovalRoute, OversightEntry>();
        foreach (var (key, value) in map.Entries)
        {
            var entryPath = YamlFieldReader.Join(path, key.Value);
            if (!ApprovalRouteNames.TryParse(key.Value, out var route) || key.Value != route.ToPolicyName())
            {
                reader.Error(key, entryPath, $"unknown approval route '{key.Value}'; expected one of {string.Join(", ", ApprovalRouteNames.All)}");
                continue;
            }

            var entry = reader.Mapping(value, entryPath);
            if (entry is null)
            {
                continue;
            }

            reader.RejectUnknownKeys(entry, entryPath, OversightKeys);
            var isAuto = route == ApprovalRoute.AutoApprove;
            var groups = reader.TextList(entry, "approverGroups", entryPath, required: !isAuto) ?? [];
            var quorum = reader.NonNegativeInteger(entry, "quorum", entryPath, required: !isAuto) ?? 0;
            if (!isAuto && quorum < 1 && entry["quorum"] is not null)
            {
                reader.Error(entry["quorum"], $"{entryPath}.quorum", "quorum must be at least 1 for a human approval route");
            }

            var senior = reader.Text(entry, "seniorApproverGroup", entryPath, required: route == ApprovalRoute.CabPlusSenior);
            var allowedFor = new List<ReleaseType>();
            var allowedNames = reader.TextList(entry, "autoApproveAllowedFor", entryPath, required: false) ?? [];
            for (var i = 0; i < allowedNames.Count; i++)
            {
                if (ReleaseTypeNames.TryParse(allowedNames[i], out var type))
                {
                    allowedFor.Add(type);
                }
                else
                {
                    reader.Error(entry["autoApproveAllowedFor"], YamlFieldReader.Index($"{entryPath}.autoApproveAllowedFor", i), $"unknown release type '{allowedNames[i]}'");
                }
            }

            var built = new OversightEntry(route, groups, quorum, senior, allowedFor);
            entries.Add(built);
            byRoute[route] = built;
        }

        return new OversightSection(entries, byRoute);
    }

    private static ReleaseTypePolicies? ReadReleaseTypes(YamlFieldReader reader, YMapping? map, OversightSection? oversight)
    {
        const string path = "releaseTypes";
        if (map is null)
        {
            return null;
        }

        foreach (var entry in map.Entries)
        {
            if (!ReleaseTypeNames.All.Contains(entry.Key.Value))
            {
                reader.Error(
                    entry.Key,
                    YamlFieldReader.Join(path, entry.Key.Value),
                    $"unknown release type '{entry.Key.Value}'; expected exactly major, minor, patch, emergency");
            }
        }

        var types = new ReleaseTypePolicy?[4];
        for (var i = 0; i < 4; i++)
        {
            var type = (ReleaseType)i;
            var typeName = type.ToPolicyName();
            var typeMap = reader.Mapping(map, typeName, path, required: false);
            if (typeMap is null)
            {
                if (map[typeName] is null or YScalar { IsNull: true })
                {
                    reader.Error(map, YamlFieldReader.Join(path, typeName), $"release type '{typeName}' is required");
                }

                continue;
            }

            types[i] = ReadReleaseType(reader, typeMap, type, YamlFieldReader.Join(path, typeName), oversight);
        }

        return types is [{ } major, { } minor, { } patch, { } emergency]
            ? new ReleaseTypePolicies(major, minor, patch, emergency)
            : null;
    }

    private static ReleaseTypePolicy? ReadReleaseType(
        YamlFieldReader reader, YMapping map, ReleaseType type, string path, OversightSection? oversight)
    {
        reader.RejectUnknownKeys(map, path, ReleaseTypeKeys);

        var coverage = reader.Number(map, "minCoverage", path, required: true);
        if (coverage is < 0 or > 1)
        {
            reader.Error(map["minCoverage"], $"{path}.minCoverage", string.Create(CultureInfo.InvariantCulture, $"must be between 0 and 1 (found {coverage})"));
            coverage = null;
        }

        ScanThresholds? scan = null;
        var scanMap = reader.Mapping(map, "maxScanFindings", path, required: true);
        if (scanMap is not null)
        {
            var scanPath = $"{path}.maxScanFindings";
            reader.RejectUnknownKeys(scanMap, scanPath, SeverityKeys, "severity");
            var critical = reader.NonNegativeInteger(scanMap, "critical", scanPath, required: true);
            var high = reader.NonNegativeInteger(scanMap, "high", scanPath, required: true);
            var medium = reader.NonNegativeInteger(scanMap, "medium", scanPath, required: true);
            var low = reader.NonNegativeInteger(scanMap, "low", scanPath, required: true);
            if (critical is not null && high is not null && medium is not null && low is not null)
            {
                scan = new ScanThresholds(critical.Value, high.Value, medium.Value, low.Value);
            }
        }

        var loadTest = reader.Bool(map, "loadTestRequiredForHighTraffic", path, required: true);
        var sections = reader.TextList(map, "requiredRunbookSections", path, required: true);
        var rollbackPlan = reader.Bool(map, "rollbackPlanRequired", path, required: true);

        var rehearsalAge = reader.Integer(map, "rollbackRehearsalMaxAgeDays", path, required: false);
        if (rehearsalAge is <= 0)
        {
            reader.Error(map["rollbackRehearsalMaxAgeDays"], $"{path}.rollbackRehearsalMaxAgeDays", $"must be greater than 0 (found {rehearsalAge})");
        }

        var peerReview = reader.Bool(map, "peerReviewRequired", path, required: true);
        var minApprovals = reader.NonNegativeInteger(map, "minPeerApprovals", path, required: peerReview == true);
        if (peerReview == true && minApprovals == 0)
        {
            reader.Error(map["minPeerApprovals"], $"{path}.minPeerApprovals", "must be at least 1 when peer review is required");
        }

        TimeSpan? rto = null;
        var rtoText = reader.Text(map, "rto", path, required: true);
        if (rtoText is not null)
        {
            if (DurationText.TryParse(rtoText, out var parsed))
            {
                rto = parsed;
            }
            else
            {
                reader.Error(map["rto"], $"{path}.rto", $"expected a positive ISO 8601 duration (e.g. PT4H) or hh:mm:ss but found '{rtoText}'");
            }
        }

        var postFacto = reader.Bool(map, "postFactoReviewRequired", path, required: false) ?? false;
        if (type == ReleaseType.Emergency && map["postFactoReviewRequired"] is not null && !postFacto)
        {
            reader.Error(map["postFactoReviewRequired"], $"{path}.postFactoReviewRequired", "emergency releases always require a post-facto review");
        }

        var routes = ReadApprovalRoutes(reader, reader.Mapping(map, "approvalRoute", path, required: true), type, $"{path}.approvalRoute", oversight);

        if (coverage is null || scan is null || loadTest is null || sections is null || rollbackPlan is null
            || rehearsalAge is <= 0 || peerReview is null || rto is null || routes is null)
        {
            return null;
        }

        return new ReleaseTypePolicy(
            coverage.Value,
            scan,
            loadTest.Value,
            sections,
            rollbackPlan.Value,
            rehearsalAge,
            peerReview.Value,
            minApprovals ?? 0,
            rto.Value,
            postFacto || type == ReleaseType.Emergency,
            routes);
    }

    private static ApprovalRoutes? ReadApprovalRoutes(
        YamlFieldReader reader, YMapping? map, ReleaseType type, string path, OversightSection? oversight)
    {
        if (map is null)
        {
            return null;
        }

        reader.RejectUnknownKeys(map, path, LevelKeys, "risk level");
        var routes = new ApprovalRoute?[4];
        for (var i = 0; i < LevelKeys.Length; i++)
        {
            var level = LevelKeys[i];
            var text = reader.Text(map, level, path, required: true);
            if (text is null)
            {
                continue;
            }

            var node = map[level];
            if (!ApprovalRouteNames.TryParse(text, out var route) || text != route.ToPolicyName())
            {
                reader.Error(node, $"{path}.{level}", $"unknown approval route '{text}'; expected one of {string.Join(", ", ApprovalRouteNames.All)}");
                continue;
            }

            if (oversight is not null)
            {
                if (!oversight.ByRoute.TryGetValue(route, out var entry))
                {
                    reader.Error(node, $"{path}.{level}", $"approval route '{text}' has no entry under oversight");
                    continue;
                }

                if (route == ApprovalRoute.AutoApprove && !entry.AutoApproveAllowedFor.Contains(type))
                {
                    reader.Error(node, $"{path}.{level}", $"autoApprove is not allowed for {type.ToPolicyName()} releases (see oversight.autoApprove.autoApproveAllowedFor)");
                    continue;
                }
            }

            routes[i] = route;
        }

        return routes is [{ } low, { } medium, { } high, { } critical]
            ? new ApprovalRoutes(low, medium, high, critical)
            : null;
    }

    private static RiskModel? ReadRisk(YamlFieldReader reader, YMapping? map)
    {
        const string path = "risk";
        if (map is null)
        {
            return null;
        }

        reader.RejectUnknownKeys(map, path, RiskKeys);
        var weights = ReadWeights(reader, reader.Mapping(map, "weights", path, required: true));
        var impact = ReadImpact(reader, reader.Mapping(map, "impact", path, required: true));
        var complexity = ReadComplexity(reader, reader.Mapping(map, "complexity", path, required: true));

        RollbackFeasibilityParameters? rollback = null;
        var rollbackMap = reader.Mapping(map, "rollbackFeasibility", path, required: true);
        if (rollbackMap is not null)
        {
            const string rollbackPath = "risk.rollbackFeasibility";
            reader.RejectUnknownKeys(rollbackMap, rollbackPath, RollbackKeys);
            var notRehearsed = reader.NonNegativeNumber(rollbackMap, "notRehearsedPoints", rollbackPath, required: true);
            var incompatible = reader.NonNegativeNumber(rollbackMap, "backwardIncompatibleSchemaPoints", rollbackPath, required: true);
            var untested = reader.NonNegativeNumber(rollbackMap, "downMigrationUntestedPoints", rollbackPath, required: true);
            if (notRehearsed is not null && incompatible is not null && untested is not null)
            {
                rollback = new RollbackFeasibilityParameters(notRehearsed.Value, incompatible.Value, untested.Value);
            }
        }

        var bands = ReadBands(reader, reader.Mapping(map, "bands", path, required: true));
        return weights is null || impact is null || complexity is null || rollback is null || bands is null
            ? null
            : new RiskModel(weights, impact, complexity, rollback, bands);
    }

    private static RiskWeights? ReadWeights(YamlFieldReader reader, YMapping? map)
    {
        const string path = "risk.weights";
        if (map is null)
        {
            return null;
        }

        reader.RejectUnknownKeys(map, path, WeightKeys);
        var impact = ReadWeight(reader, map, "impact");
        var complexity = ReadWeight(reader, map, "complexity");
        var rollback = ReadWeight(reader, map, "rollbackFeasibility");
        if (impact is null || complexity is null || rollback is null)
        {
            return null;
        }

        var sum = impact.Value + complexity.Value + rollback.Value;
        // A tolerance because decimal fractions such as 0.45 + 0.3 + 0.25 do not add up exactly in binary.
        if (Math.Abs(sum - 1) > 1e-9)
        {
            reader.Error(map, path, string.Create(CultureInfo.InvariantCulture, $"weights must sum to 1 (found {sum:0.######})"));
            return null;
        }

        return new RiskWeights(impact.Value, complexity.Value, rollback.Value);
    }

    private static double? ReadWeight(YamlFieldReader reader, YMapping map, string key)
    {
        var value = reader.Number(map, key, "risk.weights", required: true);
        if (value is < 0 or > 1)
        {
            reader.Error(map[key], $"risk.weights.{key}", string.Create(CultureInfo.InvariantCulture, $"must be between 0 and 1 (found {value})"));
            return null;
        }

        return value;
    }

    private static ImpactParameters? ReadImpact(YamlFieldReader reader, YMapping? map)
    {
        const string path = "risk.impact";
        if (map is null)
        {
            return null;
        }

        reader.RejectUnknownKeys(map, path, ImpactKeys);
        CriticalityPoints? tiers = null;
        var tierMap = reader.Mapping(map, "criticalityPoints", path, required: true);
        if (tierMap is not null)
        {
            const string tierPath = "risk.impact.criticalityPoints";
            reader.RejectUnknownKeys(tierMap, tierPath, TierKeys, "tier");
            var points = new double?[4];
            for (var i = 0; i < TierKeys.Length; i++)
            {
                points[i] = reader.NonNegativeNumber(tierMap, TierKeys[i], tierPath, required: true);
            }

            if (points is [{ } t0, { } t1, { } t2, { } t3])
            {
                // Tier-0 is the most critical; fewer points for it would make risk fall as criticality rises.
                if (t0 >= t1 && t1 >= t2 && t2 >= t3)
                {
                    tiers = new CriticalityPoints(t0, t1, t2, t3);
                }
                else
                {
                    reader.Error(tierMap, tierPath, "points must not increase from tier-0 to tier-3 (tier-0 is the most critical)");
                }
            }
        }

        var production = reader.NonNegativeNumber(map, "productionPoints", path, required: true);
        var perDependent = reader.NonNegativeNumber(map, "pointsPerDependent", path, required: true);
        var maxDependent = reader.NonNegativeNumber(map, "maxDependentPoints", path, required: true);
        return tiers is null || production is null || perDependent is null || maxDependent is null
            ? null
            : new ImpactParameters(tiers, production.Value, perDependent.Value, maxDependent.Value);
    }

    private static ComplexityParameters? ReadComplexity(YamlFieldReader reader, YMapping? map)
    {
        const string path = "risk.complexity";
        if (map is null)
        {
            return null;
        }

        reader.RejectUnknownKeys(map, path, ComplexityKeys);
        var files = ReadThresholds(reader, map, "filesChanged", path);
        var lines = ReadThresholds(reader, map, "linesChanged", path);
        var dependencies = ReadThresholds(reader, map, "dependencies", path);
        var schema = reader.NonNegativeNumber(map, "schemaMigrationPoints", path, required: true);
        return files is null || lines is null || dependencies is null || schema is null
            ? null
            : new ComplexityParameters(files, lines, dependencies, schema.Value);
    }

    private static List<PointThreshold>? ReadThresholds(YamlFieldReader reader, YMapping map, string key, string parentPath)
    {
        var path = YamlFieldReader.Join(parentPath, key);
        var sequence = reader.Sequence(reader.Field(map, key, parentPath, required: true), path);
        if (sequence is null)
        {
            return null;
        }

        var thresholds = new List<PointThreshold>(sequence.Items.Count);
        var valid = true;
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var itemPath = YamlFieldReader.Index(path, i);
            var item = reader.Mapping(sequence.Items[i], itemPath);
            if (item is null)
            {
                valid = false;
                continue;
            }

            reader.RejectUnknownKeys(item, itemPath, ThresholdKeys);
            var atLeast = reader.NonNegativeInteger(item, "atLeast", itemPath, required: true);
            var points = reader.NonNegativeNumber(item, "points", itemPath, required: true);
            if (atLeast is null || points is null)
            {
                valid = false;
                continue;
            }

            if (thresholds.Count > 0)
            {
                var previous = thresholds[^1];
                if (atLeast <= previous.AtLeast || points < previous.Points)
                {
                    reader.Error(item, itemPath, "thresholds must be listed with increasing atLeast and non-decreasing points");
                    valid = false;
                }
            }

            thresholds.Add(new PointThreshold(atLeast.Value, points.Value));
        }

        return valid ? thresholds : null;
    }

    private static RiskBands? ReadBands(YamlFieldReader reader, YMapping? map)
    {
        const string path = "risk.bands";
        if (map is null)
        {
            return null;
        }

        reader.RejectUnknownKeys(map, path, LevelKeys, "band");
        var bands = new RiskBand?[4];
        for (var i = 0; i < LevelKeys.Length; i++)
        {
            var bandPath = $"{path}.{LevelKeys[i]}";
            var bandMap = reader.Mapping(map, LevelKeys[i], path, required: true);
            if (bandMap is null)
            {
                continue;
            }

            reader.RejectUnknownKeys(bandMap, bandPath, BandKeys);
            var min = reader.Integer(bandMap, "min", bandPath, required: true);
            var max = reader.Integer(bandMap, "max", bandPath, required: true);
            if (min is null || max is null)
            {
                continue;
            }

            if (min < 0 || max > 100 || min > max)
            {
                reader.Error(bandMap, bandPath, $"band must satisfy 0 <= min <= max <= 100 (found {min}..{max})");
                continue;
            }

            bands[i] = new RiskBand(min.Value, max.Value);
        }

        if (bands is not [{ } low, { } medium, { } high, { } critical])
        {
            return null;
        }

        var valid = true;
        if (low.Min != 0)
        {
            reader.Error(map["low"], $"{path}.low.min", $"the low band must start at 0 (found {low.Min}); scores 0..{low.Min - 1} would have no band");
            valid = false;
        }

        for (var i = 1; i < 4; i++)
        {
            var previous = bands[i - 1]!;
            var current = bands[i]!;
            var node = map[LevelKeys[i]];
            var bandPath = $"{path}.{LevelKeys[i]}.min";
            if (current.Min <= previous.Max)
            {
                reader.Error(node, bandPath, $"band {LevelKeys[i]} ({current.Min}..{current.Max}) overlaps band {LevelKeys[i - 1]} ({previous.Min}..{previous.Max})");
                valid = false;
            }
            else if (current.Min > previous.Max + 1)
            {
                reader.Error(node, bandPath, $"gap between band {LevelKeys[i - 1]} (ends at {previous.Max}) and band {LevelKeys[i]} (starts at {current.Min}); scores {previous.Max + 1}..{current.Min - 1} would have no band");
                valid = false;
            }
        }

        if (critical.Max != 100)
        {
            reader.Error(map["critical"], $"{path}.critical.max", $"the critical band must end at 100 (found {critical.Max})");
            valid = false;
        }

        return valid ? new RiskBands(low, medium, high, critical) : null;
    }

    private static List<ServiceOwnership>? ReadOwnership(YamlFieldReader reader, YMapping? map, PolicyScope? scope)
    {
        const string path = "ownership";
        if (map is null)
        {
            return null;
        }

        var known = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (scope is not null)
        {
            foreach (var service in scope.Services)
            {
                known.Add(service.Name);
            }
        }

        var owned = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var ownership = new List<ServiceOwnership>(map.Entries.Count);
        foreach (var (key, value) in map.Entries)
        {
            var entryPath = YamlFieldReader.Join(path, key.Value);
            if (scope is not null && !known.Contains(key.Value))
            {
                reader.Error(key, entryPath, $"ownership names service '{key.Value}' which is not listed under scope.services");
                continue;
            }

            var entry = reader.Mapping(value, entryPath);
            if (entry is null)
            {
                continue;
            }

            reader.RejectUnknownKeys(entry, entryPath, OwnershipKeys);
            var initiators = reader.TextList(entry, "initiators", entryPath, required: true);
            if (initiators is { Count: 0 })
            {
                reader.Error(entry["initiators"], $"{entryPath}.initiators", "at least one initiator is required");
            }

            var approvers = reader.TextList(entry, "approvers", entryPath, required: true);
            var rollbackOwner = reader.Text(entry, "rollbackOwner", entryPath, required: true);
            var informed = reader.TextList(entry, "informed", entryPath, required: false) ?? [];
            owned.Add(key.Value);
            if (initiators is not null && approvers is not null && rollbackOwner is not null)
            {
                ownership.Add(new ServiceOwnership(key.Value, initiators, approvers, rollbackOwner, informed));
            }
        }

        foreach (var service in scope?.Services ?? [])
        {
            if (!owned.Contains(service.Name))
            {
                reader.Error(map, YamlFieldReader.Join(path, service.Name), $"governed service '{service.Name}' has no ownership (RACI) entry");
            }
        }

        return ownership;
    }

    private static List<ComplianceControl>? ReadControls(YamlFieldReader reader, YNode node)
    {
        const string path = "controls";
        var sequence = reader.Sequence(node, path);
        if (sequence is null)
        {
            return null;
        }

        var controls = new List<ComplianceControl>(sequence.Items.Count);
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var itemPath = YamlFieldReader.Index(path, i);
            var item = reader.Mapping(sequence.Items[i], itemPath);
            if (item is null)
            {
                continue;
            }

            reader.RejectUnknownKeys(item, itemPath, ControlKeys);
            var id = reader.Text(item, "id", itemPath, required: true);
            if (id is not null && !ids.Add(id))
            {
                reader.Error(item["id"], $"{itemPath}.id", $"control id '{id}' is used twice");
            }

            ControlKind? kind = null;
            var kindText = reader.Text(item, "kind", itemPath, required: true);
            if (kindText is not null)
            {
                var index = Array.IndexOf(ControlKindNames, kindText);
                if (index >= 0)
                {
                    kind = (ControlKind)index;
                }
                else
                {
                    reader.Error(item["kind"], $"{itemPath}.kind", $"unknown control kind '{kindText}'; expected one of {string.Join(", ", ControlKindNames)}");
                }
            }

            var description = reader.Text(item, "description", itemPath, required: true);
            var appliesTo = reader.Text(item, "appliesTo", itemPath, required: true);
            if (kind == ControlKind.Gate && appliesTo is not null && !GateNames.All.Contains(appliesTo))
            {
                reader.Error(item["appliesTo"], $"{itemPath}.appliesTo", $"unknown gate '{appliesTo}'; expected one of {string.Join(", ", GateNames.All)}");
            }

            var frameworks = ReadFrameworks(reader, item, itemPath);
            if (id is not null && kind is not null && description is not null && appliesTo is not null && frameworks is not null)
            {
                controls.Add(new ComplianceControl(id, kind.Value, description, appliesTo, frameworks));
            }
        }

        return controls;
    }

    private static List<FrameworkReference>? ReadFrameworks(YamlFieldReader reader, YMapping control, string controlPath)
    {
        var path = $"{controlPath}.frameworks";
        var sequence = reader.Sequence(reader.Field(control, "frameworks", controlPath, required: true), path);
        if (sequence is null)
        {
            return null;
        }

        if (sequence.Items.Count == 0)
        {
            reader.Error(sequence, path, "a control must cite at least one framework clause");
        }

        var references = new List<FrameworkReference>(sequence.Items.Count);
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var itemPath = YamlFieldReader.Index(path, i);
            var item = reader.Mapping(sequence.Items[i], itemPath);
            if (item is null)
            {
                continue;
            }

            reader.RejectUnknownKeys(item, itemPath, FrameworkKeys);
            var name = reader.Text(item, "framework", itemPath, required: true);
            var clause = reader.Text(item, "clause", itemPath, required: true);
            var index = name is null ? -1 : Array.IndexOf(FrameworkNames, name);
            if (name is not null && index < 0)
            {
                reader.Error(item["framework"], $"{itemPath}.framework", $"unknown framework '{name}'; expected one of {string.Join(", ", FrameworkNames)}");
            }

            if (index >= 0 && clause is not null)
            {
                references.Add(new FrameworkReference((ComplianceFramework)index, clause));
            }
        }

        return references;
    }
}
