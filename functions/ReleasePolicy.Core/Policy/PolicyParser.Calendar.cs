using ReleasePolicy.Policy.Yaml;
using ReleasePolicy.Validation;

namespace ReleasePolicy.Policy;

/// <summary>
/// The optional <c>calendar</c> section (deployment windows, freezes, shared resources, durations, scheduling limits,
/// freeze override and dependency sign-off); see <c>docs/calendar-policy.md</c>. Absent: <see cref="CalendarPolicy.Ungoverned"/>.
/// </summary>
public static partial class PolicyParser
{
    /// <summary>Longest a deployment may hold its slot (the same ceiling a request's <c>schedule.duration</c> has).</summary>
    public static readonly TimeSpan MaxDeploymentDuration = TimeSpan.FromDays(2);

    /// <summary>Longest one freeze occurrence may last: a year (a longer freeze is a decommission, not a freeze).</summary>
    public static readonly TimeSpan MaxFreezeDuration = TimeSpan.FromDays(366);

    private static readonly string[] CalendarKeys =
        ["durations", "scheduling", "freezeOverrideBy", "windows", "freezes", "sharedResources", "dependencySignOff"];

    private static readonly string[] DurationsKeys = ["default", "releaseTypes", "max"];
    private static readonly string[] SchedulingKeys = ["maxReschedules", "searchHorizon", "approvalValidFor", "dependencyPoll", "dependencyTimeout"];

    private static readonly string[] SharedResourceKeys = ["name", "environments", "services"];
    private static readonly string[] SignOffKeys = ["releaseTypes", "tier"];
    private static readonly string[] SignOffTierKeys = ["name", "quorum", "sla", "timeout"];

    private static CalendarPolicy? ReadCalendar(YamlFieldReader reader, YMapping policy, PolicyScope? scope, DirectoryLookup? directory)
    {
        const string path = "calendar";
        if (policy[path] is null)
        {
            return CalendarPolicy.Ungoverned;
        }

        var map = reader.StrictMapping(policy, path, string.Empty, required: true, CalendarKeys);
        if (map is null)
        {
            return null;
        }

        var errorsBefore = reader.Errors.Count;
        var names = new CalendarNames(scope);
        var durations = ReadSection(reader, map, path, "durations", DurationsKeys, ReadDeploymentDurations);
        var limits = map["scheduling"] is null
            ? SchedulingLimits.Default
            : ReadSection(reader, map, path, "scheduling", SchedulingKeys, ReadSchedulingLimits);
        var overrideBy = ReadNameList(reader, map, "freezeOverrideBy", path, required: false, PersonOrGroupRule(directory));
        var windows = map["windows"] is null
            ? []
            : ReadNamedItems(
                reader, map, path, "windows", WindowKeys, emptyMessage: null, "name", name => $"window '{name}' is listed twice",
                (r, item, itemPath, name) => ReadWindow(r, item, itemPath, name, names), Identifiers.CheckEnvironment);
        var freezes = map["freezes"] is null
            ? []
            : ReadNamedItems(
                reader, map, path, "freezes", FreezeKeys, emptyMessage: null, "name", name => $"freeze '{name}' is listed twice",
                (r, item, itemPath, name) => ReadFreeze(r, item, itemPath, name, names), Identifiers.CheckEnvironment);
        // Resource names become parts of booking lane keys (res:{name}): the environment-name rule keeps them key-safe.
        var resources = map["sharedResources"] is null
            ? []
            : ReadNamedItems(
                reader, map, path, "sharedResources", SharedResourceKeys, emptyMessage: null, "name", name => $"shared resource '{name}' is listed twice",
                (r, item, itemPath, name) => ReadSharedResource(r, item, itemPath, name, names), Identifiers.CheckEnvironment);
        var signOff = map["dependencySignOff"] is null
            ? null
            : ReadSection(reader, map, path, "dependencySignOff", SignOffKeys, (r, m, p) => ReadDependencySignOff(r, m, p, directory));

        if (reader.Errors.Count > errorsBefore || durations is null || limits is null || overrideBy is null || windows is null
            || freezes is null || resources is null || (map["dependencySignOff"] is not null && signOff is null))
        {
            return null;
        }

        return new CalendarPolicy(windows, freezes, resources, durations, limits)
        {
            FreezeOverrideBy = overrideBy,
            DependencySignOff = signOff,
            Governed = true,
        };
    }

    private static DeploymentDurations? ReadDeploymentDurations(YamlFieldReader reader, YMapping map, string path)
    {
        var fallback = ReadCalendarDuration(reader, map, "default", path, required: true, allowZero: true, MaxDeploymentDuration);
        var byType = new Dictionary<ReleaseType, TimeSpan>();
        var valid = true;
        if (reader.Mapping(map, "releaseTypes", path, required: false) is { } types)
        {
            var typesPath = YamlFieldReader.Join(path, "releaseTypes");
            foreach (var (key, _) in types.Entries)
            {
                if (!ReleaseTypeNames.All.Contains(key.Value) || !ReleaseTypeNames.TryParse(key.Value, out var type))
                {
                    reader.Error(key, YamlFieldReader.Join(typesPath, key.Value), YamlFieldReader.Unknown("release type", key.Value, ReleaseTypeNames.All));
                    valid = false;
                }
                else if (ReadCalendarDuration(reader, types, key.Value, typesPath, required: true, allowZero: true, MaxDeploymentDuration) is { } duration)
                {
                    byType[type] = duration;
                }
                else
                {
                    valid = false;
                }
            }
        }

        var max = ReadCalendarDuration(reader, map, "max", path, required: false, allowZero: true, MaxDeploymentDuration);
        if (fallback is null || !valid)
        {
            return null;
        }

        // Without a max, a request may ask for no more than the longest duration the policy itself gives.
        var longest = byType.Values.Append(fallback.Value).Max();
        if (max is { } given && given < longest)
        {
            reader.FieldError(map, "max", path, $"max {DurationText.Format(given)} is shorter than a configured duration ({DurationText.Format(longest)})");
            return null;
        }

        return map["max"] is not null && max is null ? null : new DeploymentDurations(fallback.Value, byType, max ?? longest);
    }

    private static SchedulingLimits? ReadSchedulingLimits(YamlFieldReader reader, YMapping map, string path)
    {
        var defaults = SchedulingLimits.Default;
        var errorsBefore = reader.Errors.Count;
        var reschedules = reader.Integer(map, "maxReschedules", path, required: false);
        if (reschedules is < 0 or > 20)
        {
            reader.FieldError(map, "maxReschedules", path, $"must be from 0 to 20 (found {reschedules})");
        }

        var horizon = ReadCalendarDuration(reader, map, "searchHorizon", path, required: false, allowZero: false, MaxFreezeDuration);
        if (horizon < TimeSpan.FromDays(1))
        {
            reader.FieldError(map, "searchHorizon", path, $"must be at least P1D (found {DurationText.Format(horizon.Value)})");
        }

        var approvalValidFor = ReadCalendarDuration(reader, map, "approvalValidFor", path, required: false, allowZero: false, MaxFreezeDuration);
        var poll = ReadCalendarDuration(reader, map, "dependencyPoll", path, required: false, allowZero: false, MaxFreezeDuration);
        var timeout = ReadCalendarDuration(reader, map, "dependencyTimeout", path, required: false, allowZero: false, MaxFreezeDuration);
        // Judged with the defaults filled in, and reported at whichever of the two the policy gave (poll first).
        if ((poll ?? defaults.DependencyPoll) > (timeout ?? defaults.DependencyTimeout) && (poll is not null || timeout is not null))
        {
            reader.FieldError(
                map,
                poll is not null ? "dependencyPoll" : "dependencyTimeout",
                path,
                $"dependencyPoll ({DurationText.Format(poll ?? defaults.DependencyPoll)}) must not be longer than dependencyTimeout ({DurationText.Format(timeout ?? defaults.DependencyTimeout)}): the release would give up before looking again");
        }

        return reader.Errors.Count > errorsBefore
            ? null
            : new SchedulingLimits(
                reschedules ?? defaults.MaxReschedules,
                horizon ?? defaults.SearchHorizon,
                approvalValidFor ?? defaults.ApprovalValidFor,
                poll ?? defaults.DependencyPoll,
                timeout ?? defaults.DependencyTimeout);
    }

    private static SharedResource? ReadSharedResource(YamlFieldReader reader, YMapping item, string path, string? name, CalendarNames names)
    {
        var environments = ReadCalendarList(reader, item, "environments", path, required: false, names.Environment);
        var services = ReadCalendarList(reader, item, "services", path, required: true, names.Service);
        if (services is { Count: 0 })
        {
            reader.FieldError(item, "services", path, "at least one service is required");
            return null;
        }

        return name is null || environments is null || services is null ? null : new SharedResource(name, environments, services);
    }

    /// <summary>
    /// One more approval tier whose approvers are the ownership approvers of the services the release affects, so it
    /// has no <c>approvers</c> of its own; its sla and timeout read like any chain tier's.
    /// </summary>
    private static DependencySignOff? ReadDependencySignOff(YamlFieldReader reader, YMapping map, string path, DirectoryLookup? directory)
    {
        var types = ReadReleaseTypeList(reader, map, "releaseTypes", path);
        var tierMap = reader.StrictMapping(map, "tier", path, required: true, SignOffTierKeys);
        if (tierMap is null)
        {
            return null;
        }

        var tierPath = YamlFieldReader.Join(path, "tier");
        var name = Identifier(reader, tierMap, "name", tierPath, Identifiers.CheckEnvironment);
        var quorum = reader.Integer(tierMap, "quorum", tierPath, required: true);
        if (quorum is < 1)
        {
            reader.FieldError(tierMap, "quorum", tierPath, $"quorum must be at least 1 (found {quorum})");
            quorum = null;
        }

        var timeout = ReadTimeout(reader, tierMap, tierPath);
        var sla = ReadSla(reader, tierMap, tierPath, timeout, isLast: true, directory);
        return types is null || name is null || quorum is null || timeout is null || sla is null
            ? null
            : new DependencySignOff(types, new ApprovalTier(name, [], [], quorum.Value, sla, timeout));
    }
}
