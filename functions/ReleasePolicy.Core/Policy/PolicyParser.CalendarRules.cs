using ReleasePolicy.Policy.Yaml;
using ReleasePolicy.Validation;

namespace ReleasePolicy.Policy;

/// <summary>The calendar's window and freeze rules (<c>calendar.windows</c>, <c>calendar.freezes</c>).</summary>
public static partial class PolicyParser
{
    private static readonly string[] WindowKeys = ["name", "environments", "services", "tiers", "releaseTypes", "timeZone", "periods", "anyTime"];

    private static readonly string[] FreezeKeys =
    [
        "name", "reason", "environments", "services", "tiers", "allowedReleaseTypes", "overridable", "start", "end", "timeZone", "rrule",
        "duration",
    ];

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
}
