using System.Globalization;
using Ical.Net.DataTypes;
using NodaTime;
using ReleasePolicy.Policy.Yaml;
using ReleasePolicy.Risk;
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
    private static readonly string[] WindowKeys = ["name", "environments", "services", "tiers", "releaseTypes", "timeZone", "periods", "anyTime"];

    private static readonly string[] FreezeKeys =
    [
        "name", "reason", "environments", "services", "tiers", "allowedReleaseTypes", "overridable", "start", "end", "timeZone", "rrule",
        "duration",
    ];

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
        var oneSecond = TimeSpan.FromSeconds(1);
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
        if ((poll ?? defaults.DependencyPoll) > (timeout ?? defaults.DependencyTimeout) && map["dependencyPoll"] is not null && poll >= oneSecond)
        {
            reader.FieldError(map, "dependencyPoll", path, "must not be longer than dependencyTimeout (the release would give up before looking again)");
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

    private static DeploymentWindowRule? ReadWindow(YamlFieldReader reader, YMapping item, string path, string? name, CalendarNames names)
    {
        var errorsBefore = reader.Errors.Count;
        var environments = ReadCalendarList(reader, item, "environments", path, required: true, names.Environment);
        var services = ReadCalendarList(reader, item, "services", path, required: false, names.Service);
        var tiers = ReadCalendarList(reader, item, "tiers", path, required: false, CalendarNames.Tier);
        var types = ReadReleaseTypeList(reader, item, "releaseTypes", path);
        var anyTime = reader.Bool(item, "anyTime", path, required: false) ?? false;
        var zone = anyTime && item["timeZone"] is null ? "UTC" : ReadTimeZone(reader, item, "timeZone", path, required: true);
        var periods = new List<WeeklyPeriod>();
        if (anyTime && item["periods"] is not null)
        {
            reader.FieldError(item, "periods", path, "anyTime windows have no periods: give one or the other");
        }
        else if (!anyTime)
        {
            ReadPeriods(reader, item, path, periods);
        }

        return reader.Errors.Count > errorsBefore || name is null || environments is null || services is null || tiers is null
            || types is null || zone is null
            ? null
            : new DeploymentWindowRule(name, environments, services, tiers, types, zone, periods, anyTime);
    }

    private static void ReadPeriods(YamlFieldReader reader, YMapping item, string path, List<WeeklyPeriod> periods)
    {
        var node = reader.Field(item, "periods", path, required: true);
        var periodsPath = YamlFieldReader.Join(path, "periods");
        IReadOnlyList<YNode>? items = node is YScalar ? [node] : reader.Sequence(node, periodsPath)?.Items;
        if (items is { Count: 0 })
        {
            reader.Error(node, periodsPath, "at least one period is required (or anyTime: true)");
        }

        for (var i = 0; i < (items?.Count ?? 0); i++)
        {
            var itemPath = node is YScalar ? periodsPath : YamlFieldReader.Index(periodsPath, i);
            var text = reader.Text(items![i], itemPath);
            if (text is null)
            {
                continue;
            }

            if (WeeklyPeriodText.TryParse(text, out var period, out var problem))
            {
                periods.Add(period!);
            }
            else
            {
                reader.Error(items[i], itemPath, problem!);
            }
        }
    }

    private static FreezeRule? ReadFreeze(YamlFieldReader reader, YMapping item, string path, string? name, CalendarNames names)
    {
        var errorsBefore = reader.Errors.Count;
        var reason = Identifier(reader, item, "reason", path, static text => Identifiers.CheckText(text, MaxStatementLength));
        var environments = ReadCalendarList(reader, item, "environments", path, required: false, names.Environment);
        var services = ReadCalendarList(reader, item, "services", path, required: false, names.Service);
        var tiers = ReadCalendarList(reader, item, "tiers", path, required: false, CalendarNames.Tier);
        var allowed = ReadReleaseTypeList(reader, item, "allowedReleaseTypes", path);
        var overridable = reader.Bool(item, "overridable", path, required: false) ?? false;
        FreezeRule? Build(DateTimeOffset? start, DateTimeOffset? end, string? zone, DateTime? localStart, string? rule, TimeSpan? duration) =>
            reader.Errors.Count > errorsBefore || name is null || reason is null || environments is null || services is null
            || tiers is null || allowed is null
                ? null
                : new FreezeRule(name, reason, environments, services, tiers, allowed, overridable, start, end, zone, localStart, rule, duration);

        if (item["rrule"] is null)
        {
            // One-off: instants with their offsets, so the freeze means the same wherever it is read.
            RefuseKey(reader, item, "timeZone", path, "timeZone only applies to recurring freezes (with rrule); give start and end with an offset or Z");
            RefuseKey(reader, item, "duration", path, "duration only applies to recurring freezes (with rrule); give end instead");
            var start = ReadInstant(reader, item, "start", path);
            var end = ReadInstant(reader, item, "end", path);
            if (start is not null && end is not null && end <= start)
            {
                reader.FieldError(item, "end", path, "end must be after start");
            }

            return Build(start, end, null, null, null, null);
        }

        RefuseKey(reader, item, "end", path, "recurring freezes have a duration, not an end");
        var zone = ReadTimeZone(reader, item, "timeZone", path, required: true);
        var localStart = ReadLocalStart(reader, item, "start", path);
        var rule = ReadRecurrenceRule(reader, item, "rrule", path);
        var duration = ReadCalendarDuration(reader, item, "duration", path, required: true, allowZero: false, MaxFreezeDuration);
        return Build(null, null, zone, localStart, rule, duration);
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

    private static void RefuseKey(YamlFieldReader reader, YMapping item, string key, string path, string message)
    {
        if (item[key] is not null)
        {
            reader.FieldError(item, key, path, message);
        }
    }

    /// <summary>An IANA zone id known to the TZDB NodaTime embeds (so the host needs no OS time zone data).</summary>
    private static string? ReadTimeZone(YamlFieldReader reader, YMapping item, string key, string path, bool required)
    {
        var text = reader.Text(item, key, path, required);
        if (text is null || DateTimeZoneProviders.Tzdb.GetZoneOrNull(text) is not null)
        {
            return text;
        }

        reader.FieldError(item, key, path, $"unknown time zone '{text}'; use an IANA id such as Europe/London, America/New_York or UTC");
        return null;
    }

    /// <summary>A one-off freeze bound: an RFC 3339 date-time with its offset or Z.</summary>
    private static DateTimeOffset? ReadInstant(YamlFieldReader reader, YMapping item, string key, string path)
    {
        var text = reader.Text(item, key, path, required: true);
        if (text is null)
        {
            return null;
        }

        // The format's K also matches no offset at all, which would read the time in the host's zone: the offset is required.
        var hasOffset = text.EndsWith('Z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
        if (hasOffset && DateTimeOffset.TryParseExact(text, InstantFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            return instant;
        }

        reader.FieldError(item, key, path, $"expected a date-time with an offset, e.g. 2026-12-18T00:00:00Z or 2026-12-18T00:00:00+01:00, but found '{text}'");
        return null;
    }

    private static readonly string[] InstantFormats = ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mmK"];
    private static readonly string[] LocalFormats = ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm"];

    /// <summary>A recurring freeze's first start: local wall-clock time in its timeZone (the RFC 5545 DTSTART with TZID).</summary>
    private static DateTime? ReadLocalStart(YamlFieldReader reader, YMapping item, string key, string path)
    {
        var text = reader.Text(item, key, path, required: true);
        if (text is null)
        {
            return null;
        }

        if (DateTime.TryParseExact(text, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        }

        reader.FieldError(item, key, path, $"expected a local date-time without offset (read in timeZone), e.g. 2026-03-29T00:00:00, but found '{text}'");
        return null;
    }

    /// <summary>
    /// An RFC 5545 RRULE value (without the <c>RRULE:</c> prefix), parsed by Ical.Net as the engine will. Rules that
    /// repeat more often than daily are refused: a freeze every few minutes is a mistake, and would make expansion costly.
    /// </summary>
    private static string? ReadRecurrenceRule(YamlFieldReader reader, YMapping item, string key, string path)
    {
        var text = reader.Text(item, key, path, required: true);
        if (text is null)
        {
            return null;
        }

        string? problem;
        try
        {
            var pattern = new RecurrencePattern(text);
            problem = pattern.Frequency switch
            {
                Ical.Net.FrequencyType.Secondly or Ical.Net.FrequencyType.Minutely or Ical.Net.FrequencyType.Hourly =>
                    $"FREQ={pattern.Frequency.ToString().ToUpperInvariant()} is finer than a freeze can be; use DAILY, WEEKLY, MONTHLY or YEARLY",
                _ => pattern.Interval < 1 ? "INTERVAL must be at least 1" : null,
            };
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidOperationException)
        {
            problem = exception.Message;
        }

        if (problem is null)
        {
            return text;
        }

        reader.FieldError(item, key, path, $"not a valid RFC 5545 recurrence rule ('{text}'): {problem}");
        return null;
    }

    /// <summary>A whole-second duration from zero (when <paramref name="allowZero"/>) or one second up to <paramref name="max"/>.</summary>
    private static TimeSpan? ReadCalendarDuration(
        YamlFieldReader reader, YMapping map, string key, string path, bool required, bool allowZero, TimeSpan max)
    {
        var node = reader.Field(map, key, path, required);
        if (node is null)
        {
            return null;
        }

        if (allowZero && node is YScalar { Value: "PT0S" or "PT0M" or "PT0H" or "P0D" or "00:00:00" })
        {
            return TimeSpan.Zero;
        }

        var duration = WholeDuration(reader, node, YamlFieldReader.Join(path, key));
        if (duration > max)
        {
            reader.FieldError(map, key, path, $"must be at most {DurationText.Format(max)} (found {DurationText.Format(duration.Value)})");
            return null;
        }

        return duration;
    }

    private static List<ReleaseType>? ReadReleaseTypeList(YamlFieldReader reader, YMapping item, string key, string path)
    {
        var names = ReadCalendarList(reader, item, key, path, required: false, static text =>
            ReleaseTypeNames.All.Contains(text) ? null : YamlFieldReader.Unknown("release type", text, ReleaseTypeNames.All));
        if (names is null)
        {
            return null;
        }

        return names.ConvertAll(static name => ReleaseTypeNames.TryParse(name, out var type) ? type : default);
    }

    /// <summary>
    /// A list of names (one alone is accepted) each checked by <paramref name="rule"/> (returns why it is not
    /// acceptable); listing a name twice is reported. Absent and not required: an empty list.
    /// </summary>
    private static List<string>? ReadCalendarList(
        YamlFieldReader reader, YMapping map, string key, string path, bool required, Func<string, string?> rule)
    {
        var node = reader.Field(map, key, path, required);
        if (node is null)
        {
            return required ? null : [];
        }

        var fieldPath = YamlFieldReader.Join(path, key);
        IReadOnlyList<YNode>? items = node is YScalar ? [node] : reader.Sequence(node, fieldPath)?.Items;
        if (items is null)
        {
            return null;
        }

        if (required && items.Count == 0)
        {
            reader.Error(node, fieldPath, $"at least one is required in '{key}'");
            return null;
        }

        var names = new List<string>(items.Count);
        var valid = true;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = node is YScalar ? fieldPath : YamlFieldReader.Index(fieldPath, i);
            string? problem = items[i] is YScalar { IsNull: false } scalar && !string.IsNullOrWhiteSpace(scalar.Value)
                ? rule(scalar.Value) ?? (seen.Add(scalar.Value) ? null : $"'{scalar.Value}' is listed twice")
                : $"expected a name but found {YamlFieldReader.Describe(items[i])}";
            if (problem is null)
            {
                names.Add(((YScalar)items[i]).Value);
            }
            else
            {
                reader.Error(items[i], itemPath, problem);
                valid = false;
            }
        }

        return valid ? names : null;
    }

    /// <summary>Checks calendar names against the policy's scope (skipped when the scope itself could not be read).</summary>
    private sealed class CalendarNames(PolicyScope? scope)
    {
        public string? Environment(string name) =>
            scope is null || scope.Environments.Any(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase))
                ? null
                : $"environment '{name}' is not listed under scope.environments";

        public string? Service(string name) =>
            scope is null || scope.Services.Any(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
                ? null
                : $"service '{name}' is not listed under scope.services";

        public static string? Tier(string name) =>
            CriticalityTierNames.TryParse(name, out var tier) && tier.ToPolicyName() == name
                ? null
                : $"unknown tier '{name}'; expected one of tier-0, tier-1, tier-2, tier-3";
    }
}
