using System.Globalization;
using ReleasePolicy.Policy.Yaml;
using ReleasePolicy.Readiness;
using ReleasePolicy.Risk;
using ReleasePolicy.Validation;

namespace ReleasePolicy.Policy;

/// <summary>
/// Parses and validates a policy written in YAML (JSON is accepted, being YAML). All problems are collected with the
/// dotted path and, where the node exists, its line and column; the document is returned only when there are none.
/// Identifiers that end up in storage keys, blob metadata or logs follow <see cref="Identifiers"/>: the policy
/// <c>version</c> (<see cref="Identifiers.VersionPattern"/>), service and environment names
/// (<see cref="Identifiers.NamePattern"/>) and approval tier names (the environment rule); the policy name and control
/// ids are free text of at most <see cref="MaxNameLength"/> characters without control, format or bidirectional
/// characters; people and group names follow the person rule (<see cref="Identifiers.MaxPersonLength"/>). The approval
/// sections are described in <c>docs/policy-approvals.md</c>.
/// </summary>
public static partial class PolicyParser
{
    public const int MaxNameLength = 200;

    private static readonly string[] TopLevelKeys =
        ["version", "name", "scope", "releaseTypes", "risk", "ownership", "oversight", "controls", "retention", "approvals", "directory", "calendar", "monitoring"];

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
    private static readonly string[] OwnershipKeys = ["initiators", "pipelines", "approvers", "rollbackOwner", "informed"];
    private static readonly string[] ControlKeys = ["id", "kind", "description", "appliesTo", "frameworks"];
    private static readonly string[] FrameworkKeys = ["framework", "clause"];
    private static readonly string[] ControlKindNames = ["gate", "approvalRule", "sodRule", "retentionRule"];
    private static readonly string[] FrameworkNames = ["SOX", "HIPAA", "GDPR", "ISO27001", "NIST80053"];

    /// <summary>
    /// Malformed text, wrong types and policy violations all come back as errors. Anything else that goes wrong is a
    /// defect and is left to surface as an exception, so that tests can find it.
    /// </summary>
    public static PolicyParseResult Parse(string text)
    {
        var errors = new List<PolicyValidationError>();
        if (text is null)
        {
            errors.Add(new PolicyValidationError(string.Empty, null, null, "policy text is missing"));
            return new PolicyParseResult(null, errors);
        }

        var document = ParseCore(text, errors);
        return errors.Count == 0 && document is not null
            ? new PolicyParseResult(document, errors)
            : new PolicyParseResult(null, errors);
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

        var map = reader.StrictMapping(root, string.Empty, TopLevelKeys, "top-level key");
        if (map is null)
        {
            return null;
        }

        // The version becomes blob metadata and a log value: checked here so that a bad one is a 400, not a storage error.
        var version = Identifier(reader, map, "version", string.Empty, Identifiers.CheckVersion);
        var name = Identifier(reader, map, "name", string.Empty, static text => Identifiers.CheckText(text, MaxNameLength));
        var scope = ReadSection(reader, map, string.Empty, "scope", ScopeKeys, ReadScope);
        // Read before the approval chains, which are checked against it when it is present.
        var directory = ReadDirectory(reader, map);
        // Names are checked against a directory only when one is present and valid (in Azure, Graph answers instead).
        var lookup = directory is { People.Count: > 0 } ? new DirectoryLookup(directory) : null;
        var oversight = ReadOversight(reader, map, lookup);
        var releaseTypes = ReadReleaseTypes(reader, map, oversight);
        var risk = ReadSection(reader, map, string.Empty, "risk", RiskKeys, ReadRisk);
        var ownership = ReadOwnership(reader, map, scope);
        // Controls are optional; only a controls key that is present can be malformed.
        var controls = reader.Field(map, "controls", string.Empty, required: false) is null ? [] : ReadControls(reader, map);
        var retention = ReadRetention(reader, map, scope);
        var approvals = ReadApprovals(reader, map, lookup);
        var calendar = ReadCalendar(reader, map, scope, lookup);
        var monitoring = ReadMonitoring(reader, map, scope, lookup);

        if (errors.Count > 0 || version is null || name is null || scope is null || releaseTypes is null
            || risk is null || ownership is null || oversight is null || controls is null || retention is null
            || approvals is null || directory is null || calendar is null || monitoring is null)
        {
            return null;
        }

        return new PolicyDocument(version, name, scope, releaseTypes, risk, ownership, oversight.Entries, controls)
        {
            Retention = retention,
            Approvals = approvals,
            Directory = directory,
            Calendar = calendar,
            Monitoring = monitoring,
        };
    }

    private delegate bool TryConvert<T>(string text, out T value);

    private delegate T? MappingReader<T>(YamlFieldReader reader, YMapping map, string path)
        where T : class;

    private delegate T? NamedMappingReader<T>(YamlFieldReader reader, YMapping item, string path, string? name)
        where T : class;

    /// <summary>
    /// Reads the required mapping under <paramref name="key"/>, rejecting keys outside <paramref name="keys"/>, with
    /// <paramref name="read"/>; the section is null when the mapping is missing or malformed (already reported).
    /// </summary>
    private static T? ReadSection<T>(
        YamlFieldReader reader, YMapping parent, string parentPath, string key, string[] keys, MappingReader<T> read, string what = "key")
        where T : class
    {
        var map = reader.StrictMapping(parent, key, parentPath, required: true, keys, what);
        return map is null ? null : read(reader, map, YamlFieldReader.Join(parentPath, key));
    }

    /// <summary>
    /// Reads the required list under <paramref name="key"/>, whose items are mappings with a fixed set of keys. Items
    /// that cannot be read are left out (their errors are already recorded) so the rest of the list is still checked.
    /// </summary>
    /// <param name="emptyMessage">Reported when the list is empty; null where an empty list is acceptable.</param>
    /// <param name="allOrNothing">
    /// Return null unless every item was read, for lists whose meaning depends on all of their items (ordered thresholds).
    /// </param>
    private static List<T>? ReadItems<T>(
        YamlFieldReader reader,
        YMapping parent,
        string parentPath,
        string key,
        string[] keys,
        string? emptyMessage,
        MappingReader<T> readItem,
        bool allOrNothing = false)
        where T : class
    {
        var path = YamlFieldReader.Join(parentPath, key);
        var sequence = reader.Sequence(reader.Field(parent, key, parentPath, required: true), path);
        if (sequence is null)
        {
            return null;
        }

        if (emptyMessage is not null && sequence.Items.Count == 0)
        {
            reader.Error(sequence, path, emptyMessage);
        }

        var items = new List<T>(sequence.Items.Count);
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var itemPath = YamlFieldReader.Index(path, i);
            var item = reader.StrictMapping(sequence.Items[i], itemPath, keys);
            if (item is not null && readItem(reader, item, itemPath) is { } value)
            {
                items.Add(value);
            }
        }

        return allOrNothing && items.Count < sequence.Items.Count ? null : items;
    }

    /// <summary>
    /// <see cref="ReadItems{T}"/> for items identified by a name under <paramref name="nameKey"/>, which must be unique
    /// ignoring case: two entries for one service or control would leave it ambiguous which one governs.
    /// </summary>
    private static List<T>? ReadNamedItems<T>(
        YamlFieldReader reader, YMapping parent, string parentPath, string key, string[] keys, string? emptyMessage,
        string nameKey, Func<string, string> duplicateMessage, NamedMappingReader<T> readItem, Func<string, string?>? nameRule = null)
        where T : class
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        nameRule ??= static text => Identifiers.CheckText(text, MaxNameLength);
        return ReadItems(reader, parent, parentPath, key, keys, emptyMessage, (itemReader, item, itemPath) =>
        {
            var name = Identifier(itemReader, item, nameKey, itemPath, nameRule);
            if (name is not null && !names.Add(name))
            {
                itemReader.FieldError(item, nameKey, itemPath, duplicateMessage(name));
            }

            return readItem(itemReader, item, itemPath, name);
        });
    }

    /// <summary>
    /// Reads a mapping keyed by names from a vocabulary (approval routes, governed services) whose values are mappings
    /// with a fixed set of keys. An entry under an unacceptable name is reported and its value is not read.
    /// </summary>
    private static void ReadKeyedEntries<TKey>(
        YamlFieldReader reader,
        YMapping map,
        string path,
        string[] keys,
        TryConvert<TKey> tryKey,
        Func<string, string> unknownKeyMessage,
        Action<TKey, YMapping, string> readEntry)
    {
        foreach (var (key, value) in map.Entries)
        {
            var entryPath = YamlFieldReader.Join(path, key.Value);
            if (!tryKey(key.Value, out var parsedKey))
            {
                reader.Error(key, entryPath, unknownKeyMessage(key.Value));
                continue;
            }

            var entry = reader.StrictMapping(value, entryPath, keys);
            if (entry is not null)
            {
                readEntry(parsedKey, entry, entryPath);
            }
        }
    }

    /// <summary>A required text field that must also satisfy <paramref name="rule"/> (which returns the reason it does not).</summary>
    private static string? Identifier(YamlFieldReader reader, YMapping map, string key, string path, Func<string, string?> rule)
    {
        var text = reader.Text(map, key, path, required: true);
        if (text is null || rule(text) is not { } reason)
        {
            return text;
        }

        reader.FieldError(map, key, path, $"'{key}': {reason}");
        return null;
    }

    /// <summary>A required text field restricted to a vocabulary; a value outside it is reported at the field.</summary>
    private static T? ReadChoice<T>(
        YamlFieldReader reader, YMapping map, string key, string path, TryConvert<T> tryConvert, Func<string, string> unknownMessage)
        where T : struct
    {
        var text = reader.Text(map, key, path, required: true);
        if (text is null)
        {
            return null;
        }

        if (tryConvert(text, out var value))
        {
            return value;
        }

        reader.FieldError(map, key, path, unknownMessage(text));
        return null;
    }

    /// <summary>For enums whose policy names are listed in declaration order.</summary>
    private static bool TryParseIndexed<TEnum>(string[] names, string text, out TEnum value)
        where TEnum : struct, Enum
    {
        var index = Array.IndexOf(names, text);
        value = index >= 0 ? (TEnum)Enum.ToObject(typeof(TEnum), index) : default;
        return index >= 0;
    }

    // ApprovalRouteNames.TryParse ignores case; a policy must use the exact name so it reads the same everywhere it is shown.
    private static bool TryParseRoute(string text, out ApprovalRoute route) =>
        ApprovalRouteNames.TryParse(text, out route) && text == route.ToPolicyName();

    private static string UnknownRoute(string text) => YamlFieldReader.Unknown("approval route", text, ApprovalRouteNames.All);

    private static PolicyScope? ReadScope(YamlFieldReader reader, YMapping map, string path)
    {
        var services = ReadNamedItems(
            reader, map, path, "services", ServiceKeys, "at least one governed service is required",
            "name", name => $"service '{name}' is listed twice", ReadService, Identifiers.CheckService);
        var environments = ReadNamedItems(
            reader, map, path, "environments", EnvironmentKeys, "at least one environment is required",
            "name", name => $"environment '{name}' is listed twice", ReadEnvironment, Identifiers.CheckEnvironment);
        var behaviour = ReadChoice<OutOfScopeBehaviour>(
            reader, map, "outOfScope", path, TryParseOutOfScope, text => $"expected 'reject' or 'passThrough' but found '{text}'");

        return services is null || environments is null || behaviour is null
            ? null
            : new PolicyScope(services, environments, behaviour.Value);
    }

    private static bool TryParseOutOfScope(string text, out OutOfScopeBehaviour behaviour)
    {
        behaviour = text == "passThrough" ? OutOfScopeBehaviour.PassThrough : OutOfScopeBehaviour.Reject;
        return text is "reject" or "passThrough";
    }

    private static GovernedService? ReadService(YamlFieldReader reader, YMapping item, string path, string? name)
    {
        var tier = ReadChoice<CriticalityTier>(
            reader, item, "tier", path, CriticalityTierNames.TryParse, text => $"expected one of tier-0, tier-1, tier-2, tier-3 but found '{text}'");
        var highTraffic = reader.Bool(item, "highTraffic", path, required: false) ?? false;
        var (count, dependents) = ReadDependents(reader, item, path);
        return name is null || tier is null ? null : new GovernedService(name, tier.Value, highTraffic, count, dependents);
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

    private static GovernedEnvironment? ReadEnvironment(YamlFieldReader reader, YMapping item, string path, string? name)
    {
        var production = reader.Bool(item, "production", path, required: true);
        return name is null || production is null ? null : new GovernedEnvironment(name, production.Value);
    }

    private static ReleaseTypePolicies? ReadReleaseTypes(YamlFieldReader reader, YMapping policy, OversightSection? oversight)
    {
        const string path = "releaseTypes";
        var map = reader.Mapping(policy, path, string.Empty, required: true);
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
            reader.FieldError(map, "minCoverage", path, string.Create(CultureInfo.InvariantCulture, $"must be between 0 and 1 (found {coverage})"));
            coverage = null;
        }

        var scan = ReadSection(reader, map, path, "maxScanFindings", SeverityKeys, ReadScanThresholds, "severity");
        var loadTest = reader.Bool(map, "loadTestRequiredForHighTraffic", path, required: true);
        var sections = reader.TextList(map, "requiredRunbookSections", path, required: true);
        var rollbackPlan = reader.Bool(map, "rollbackPlanRequired", path, required: true);

        var rehearsalAge = reader.Integer(map, "rollbackRehearsalMaxAgeDays", path, required: false);
        if (rehearsalAge is <= 0)
        {
            reader.FieldError(map, "rollbackRehearsalMaxAgeDays", path, $"must be greater than 0 (found {rehearsalAge})");
        }

        var peerReview = reader.Bool(map, "peerReviewRequired", path, required: true);
        var minApprovals = reader.NonNegativeInteger(map, "minPeerApprovals", path, required: peerReview == true);
        if (peerReview == true && minApprovals == 0)
        {
            reader.FieldError(map, "minPeerApprovals", path, "must be at least 1 when peer review is required");
        }

        var rto = ReadChoice<TimeSpan>(
            reader, map, "rto", path, DurationText.TryParse, text => $"expected a positive ISO 8601 duration (e.g. PT4H) or hh:mm:ss but found '{text}'");

        var postFacto = reader.Bool(map, "postFactoReviewRequired", path, required: false) ?? false;
        if (type == ReleaseType.Emergency && map["postFactoReviewRequired"] is not null && !postFacto)
        {
            reader.FieldError(map, "postFactoReviewRequired", path, "emergency releases always require a post-facto review");
        }

        var routes = ReadSection(
            reader,
            map,
            path,
            "approvalRoute",
            LevelKeys,
            (routeReader, routeMap, routePath) => ReadApprovalRoutes(routeReader, routeMap, routePath, type, oversight),
            "risk level");

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

    private static ScanThresholds? ReadScanThresholds(YamlFieldReader reader, YMapping map, string path)
    {
        var critical = reader.NonNegativeInteger(map, "critical", path, required: true);
        var high = reader.NonNegativeInteger(map, "high", path, required: true);
        var medium = reader.NonNegativeInteger(map, "medium", path, required: true);
        var low = reader.NonNegativeInteger(map, "low", path, required: true);
        return critical is null || high is null || medium is null || low is null
            ? null
            : new ScanThresholds(critical.Value, high.Value, medium.Value, low.Value);
    }

    private static ApprovalRoutes? ReadApprovalRoutes(
        YamlFieldReader reader, YMapping map, string path, ReleaseType type, OversightSection? oversight)
    {
        var routes = new ApprovalRoute?[4];
        for (var i = 0; i < LevelKeys.Length; i++)
        {
            var level = LevelKeys[i];
            var route = ReadChoice<ApprovalRoute>(reader, map, level, path, TryParseRoute, UnknownRoute);
            if (route is null)
            {
                continue;
            }

            if (oversight is not null)
            {
                var name = route.Value.ToPolicyName();
                if (!oversight.ByRoute.TryGetValue(route.Value, out var entry))
                {
                    reader.FieldError(map, level, path, $"approval route '{name}' has no entry under oversight");
                    continue;
                }

                if (route == ApprovalRoute.AutoApprove && !entry.AutoApproveAllowedFor.Contains(type))
                {
                    reader.FieldError(map, level, path, $"autoApprove is not allowed for {type.ToPolicyName()} releases (see oversight.autoApprove.allowedFor)");
                    continue;
                }
            }

            routes[i] = route;
        }

        return routes is [{ } low, { } medium, { } high, { } critical]
            ? new ApprovalRoutes(low, medium, high, critical)
            : null;
    }

    private static RiskModel? ReadRisk(YamlFieldReader reader, YMapping map, string path)
    {
        var weights = ReadSection(reader, map, path, "weights", WeightKeys, ReadWeights);
        var impact = ReadSection(reader, map, path, "impact", ImpactKeys, ReadImpact);
        var complexity = ReadSection(reader, map, path, "complexity", ComplexityKeys, ReadComplexity);
        var rollback = ReadSection(reader, map, path, "rollbackFeasibility", RollbackKeys, ReadRollbackFeasibility);
        var bands = ReadSection(reader, map, path, "bands", LevelKeys, ReadBands, "band");
        return weights is null || impact is null || complexity is null || rollback is null || bands is null
            ? null
            : new RiskModel(weights, impact, complexity, rollback, bands);
    }

    private static RiskWeights? ReadWeights(YamlFieldReader reader, YMapping map, string path)
    {
        var impact = ReadWeight(reader, map, "impact", path);
        var complexity = ReadWeight(reader, map, "complexity", path);
        var rollback = ReadWeight(reader, map, "rollbackFeasibility", path);
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

    private static double? ReadWeight(YamlFieldReader reader, YMapping map, string key, string path)
    {
        var value = reader.Number(map, key, path, required: true);
        if (value is < 0 or > 1)
        {
            reader.FieldError(map, key, path, string.Create(CultureInfo.InvariantCulture, $"must be between 0 and 1 (found {value})"));
            return null;
        }

        return value;
    }

    private static ImpactParameters? ReadImpact(YamlFieldReader reader, YMapping map, string path)
    {
        var tiers = ReadSection(reader, map, path, "criticalityPoints", TierKeys, ReadCriticalityPoints, "tier");
        var production = reader.NonNegativeNumber(map, "productionPoints", path, required: true);
        var perDependent = reader.NonNegativeNumber(map, "pointsPerDependent", path, required: true);
        var maxDependent = reader.NonNegativeNumber(map, "maxDependentPoints", path, required: true);
        return tiers is null || production is null || perDependent is null || maxDependent is null
            ? null
            : new ImpactParameters(tiers, production.Value, perDependent.Value, maxDependent.Value);
    }

    private static CriticalityPoints? ReadCriticalityPoints(YamlFieldReader reader, YMapping map, string path)
    {
        var points = new double?[4];
        for (var i = 0; i < TierKeys.Length; i++)
        {
            points[i] = reader.NonNegativeNumber(map, TierKeys[i], path, required: true);
        }

        if (points is not [{ } t0, { } t1, { } t2, { } t3])
        {
            return null;
        }

        // Tier-0 is the most critical; fewer points for it would make risk fall as criticality rises.
        if (t0 >= t1 && t1 >= t2 && t2 >= t3)
        {
            return new CriticalityPoints(t0, t1, t2, t3);
        }

        reader.Error(map, path, "points must not increase from tier-0 to tier-3 (tier-0 is the most critical)");
        return null;
    }

    private static ComplexityParameters? ReadComplexity(YamlFieldReader reader, YMapping map, string path)
    {
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
        // Compared with the last threshold read, even one out of order, so each misordering is reported once.
        PointThreshold? previous = null;
        return ReadItems(
            reader,
            map,
            parentPath,
            key,
            ThresholdKeys,
            emptyMessage: null,
            (itemReader, item, itemPath) =>
            {
                var atLeast = itemReader.NonNegativeInteger(item, "atLeast", itemPath, required: true);
                var points = itemReader.NonNegativeNumber(item, "points", itemPath, required: true);
                if (atLeast is null || points is null)
                {
                    return null;
                }

                var current = new PointThreshold(atLeast.Value, points.Value);
                var ordered = previous is null || !(current.AtLeast <= previous.AtLeast || current.Points < previous.Points);
                previous = current;
                if (!ordered)
                {
                    itemReader.Error(item, itemPath, "thresholds must be listed with increasing atLeast and non-decreasing points");
                    return null;
                }

                return current;
            },
            allOrNothing: true);
    }

    private static RollbackFeasibilityParameters? ReadRollbackFeasibility(YamlFieldReader reader, YMapping map, string path)
    {
        var notRehearsed = reader.NonNegativeNumber(map, "notRehearsedPoints", path, required: true);
        var incompatible = reader.NonNegativeNumber(map, "backwardIncompatibleSchemaPoints", path, required: true);
        var untested = reader.NonNegativeNumber(map, "downMigrationUntestedPoints", path, required: true);
        return notRehearsed is null || incompatible is null || untested is null
            ? null
            : new RollbackFeasibilityParameters(notRehearsed.Value, incompatible.Value, untested.Value);
    }

    private static RiskBands? ReadBands(YamlFieldReader reader, YMapping map, string path)
    {
        var bands = new RiskBand?[4];
        for (var i = 0; i < LevelKeys.Length; i++)
        {
            bands[i] = ReadSection(reader, map, path, LevelKeys[i], BandKeys, ReadBand);
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

    private static RiskBand? ReadBand(YamlFieldReader reader, YMapping map, string path)
    {
        var min = reader.Integer(map, "min", path, required: true);
        var max = reader.Integer(map, "max", path, required: true);
        if (min is null || max is null)
        {
            return null;
        }

        if (min < 0 || max > 100 || min > max)
        {
            reader.Error(map, path, $"band must satisfy 0 <= min <= max <= 100 (found {min}..{max})");
            return null;
        }

        return new RiskBand(min.Value, max.Value);
    }

    private static List<ServiceOwnership>? ReadOwnership(YamlFieldReader reader, YMapping policy, PolicyScope? scope)
    {
        const string path = "ownership";
        var map = reader.Mapping(policy, path, string.Empty, required: true);
        if (map is null)
        {
            return null;
        }

        var known = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var service in scope?.Services ?? [])
        {
            known.Add(service.Name);
        }

        var owned = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var ownership = new List<ServiceOwnership>(map.Entries.Count);
        ReadKeyedEntries<string>(
            reader,
            map,
            path,
            OwnershipKeys,
            // Without a readable scope there is nothing to check the names against, and no point reporting them all.
            (string name, out string service) =>
            {
                service = name;
                return scope is null || known.Contains(name);
            },
            name => $"ownership names service '{name}' which is not listed under scope.services",
            (service, entry, entryPath) =>
            {
                owned.Add(service);
                if (ReadServiceOwnership(reader, service, entry, entryPath) is { } read)
                {
                    ownership.Add(read);
                }
            });

        foreach (var service in scope?.Services ?? [])
        {
            if (!owned.Contains(service.Name))
            {
                reader.Error(map, YamlFieldReader.Join(path, service.Name), $"governed service '{service.Name}' has no ownership (RACI) entry");
            }
        }

        return ownership;
    }

    private static ServiceOwnership? ReadServiceOwnership(YamlFieldReader reader, string service, YMapping entry, string path)
    {
        var initiators = reader.TextList(entry, "initiators", path, required: true);
        if (initiators is { Count: 0 })
        {
            reader.FieldError(entry, "initiators", path, "at least one initiator is required");
        }

        var approvers = reader.TextList(entry, "approvers", path, required: true);
        var rollbackOwner = reader.Text(entry, "rollbackOwner", path, required: true);
        var informed = reader.TextList(entry, "informed", path, required: false) ?? [];
        var pipelines = reader.TextList(entry, "pipelines", path, required: false) ?? [];
        return initiators is null || approvers is null || rollbackOwner is null
            ? null
            : new ServiceOwnership(service, initiators, approvers, rollbackOwner, informed) { Pipelines = pipelines };
    }

    private static List<ComplianceControl>? ReadControls(YamlFieldReader reader, YMapping policy) =>
        ReadNamedItems(
            reader, policy, string.Empty, "controls", ControlKeys, emptyMessage: null,
            "id", id => $"control id '{id}' is used twice", ReadControl);

    private static ComplianceControl? ReadControl(YamlFieldReader reader, YMapping item, string path, string? id)
    {
        var kind = ReadChoice<ControlKind>(
            reader,
            item,
            "kind",
            path,
            static (string text, out ControlKind kind) => TryParseIndexed(ControlKindNames, text, out kind),
            text => YamlFieldReader.Unknown("control kind", text, ControlKindNames));
        var description = reader.Text(item, "description", path, required: true);
        var appliesTo = reader.Text(item, "appliesTo", path, required: true);
        if (kind == ControlKind.Gate && appliesTo is not null && !GateNames.All.Contains(appliesTo))
        {
            reader.FieldError(item, "appliesTo", path, YamlFieldReader.Unknown("gate", appliesTo, GateNames.All));
        }

        var frameworks = ReadItems(
            reader, item, path, "frameworks", FrameworkKeys, "a control must cite at least one framework clause", ReadFramework);
        return id is null || kind is null || description is null || appliesTo is null || frameworks is null
            ? null
            : new ComplianceControl(id, kind.Value, description, appliesTo, frameworks);
    }

    private static FrameworkReference? ReadFramework(YamlFieldReader reader, YMapping item, string path)
    {
        // Read both fields before judging the name, so their errors keep the order the fields appear in.
        var name = reader.Text(item, "framework", path, required: true);
        var clause = reader.Text(item, "clause", path, required: true);
        if (name is null)
        {
            return null;
        }

        if (!TryParseIndexed<ComplianceFramework>(FrameworkNames, name, out var framework))
        {
            reader.FieldError(item, "framework", path, YamlFieldReader.Unknown("framework", name, FrameworkNames));
            return null;
        }

        return clause is null ? null : new FrameworkReference(framework, clause);
    }
}
