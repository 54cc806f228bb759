using System.Globalization;
using ReleasePolicy.Policy.Yaml;
using ReleasePolicy.Validation;

namespace ReleasePolicy.Policy;

/// <summary>The health profiles of the monitoring section (<c>monitoring.profiles</c>): filters, watch timing and rules.</summary>
public static partial class PolicyParser
{
    /// <summary>Azure Monitor severities in the common alert schema's spelling, most severe first.</summary>
    private static readonly string[] AlertSeverityNames = ["Sev0", "Sev1", "Sev2", "Sev3", "Sev4"];

    private static readonly string[] ProfileKeys =
    [
        "name", "environments", "tiers", "releaseTypes", "bakeTime", "maxSampleGap", "errorRate", "p95LatencyMs",
        "failedHealthChecks", "alertSeverities",
    ];

    private static readonly string[] ErrorRateKeys = ["abovePercent", "consecutive"];
    private static readonly string[] LatencyKeys = ["above", "consecutive"];

    private static List<HealthProfile>? ReadHealthProfiles(YamlFieldReader reader, YMapping map, string path, List<string>? watched)
    {
        var errorsBefore = reader.Errors.Count;
        // Profile names are recorded on every evaluation and incident: the environment-name rule keeps them key- and log-safe.
        var profiles = ReadNamedItems(
            reader, map, path, "profiles", ProfileKeys, "at least one health profile is required", "name",
            name => $"profile '{name}' is listed twice", (r, item, itemPath, name) => ReadHealthProfile(r, item, itemPath, name, watched),
            Identifiers.CheckEnvironment);

        // Judged only when every profile was read: a catch-all that failed to parse is reported for what is wrong with it.
        if (profiles is not null && reader.Errors.Count == errorsBefore && !profiles.Any(p => p.Specificity == 0))
        {
            reader.FieldError(
                map,
                "profiles",
                path,
                "a catch-all profile (no environments, tiers or releaseTypes) is required, so that every release to a watched environment has a profile");
        }

        return reader.Errors.Count > errorsBefore ? null : profiles;
    }

    private static HealthProfile? ReadHealthProfile(YamlFieldReader reader, YMapping item, string path, string? name, List<string>? watched)
    {
        var errorsBefore = reader.Errors.Count;
        // Checked against the watched list only when that list could be read (otherwise it is already reported).
        var environments = ReadCalendarList(reader, item, "environments", path, required: false, environment =>
            watched is null || watched.Contains(environment, StringComparer.Ordinal)
                ? null
                : $"environment '{environment}' is not listed under monitoring.environments");
        var tiers = ReadCalendarList(reader, item, "tiers", path, required: false, CalendarNames.Tier);
        var types = ReadReleaseTypeList(reader, item, "releaseTypes", path);
        var bakeTime = ReadWholeDuration(reader, item, "bakeTime", path, required: true);
        var maxGap = ReadWholeDuration(reader, item, "maxSampleGap", path, required: true);
        if (bakeTime is { } bake && maxGap is { } gap && gap > bake)
        {
            reader.FieldError(
                item,
                "maxSampleGap",
                path,
                $"maxSampleGap ({DurationText.Format(gap)}) must not be longer than bakeTime ({DurationText.Format(bake)}): the watch would end before a silence could be noticed");
        }

        var errorRate = IsAbsent(reader, item, "errorRate", path)
            ? null
            : ReadSection(reader, item, path, "errorRate", ErrorRateKeys, (r, m, p) => ReadConsecutiveLimit(r, m, p, "abovePercent", ErrorRateLimit));
        var latency = IsAbsent(reader, item, "p95LatencyMs", path)
            ? null
            : ReadSection(reader, item, path, "p95LatencyMs", LatencyKeys, (r, m, p) => ReadConsecutiveLimit(r, m, p, "above", LatencyLimit));
        var failedChecks = reader.Integer(item, "failedHealthChecks", path, required: false);
        if (failedChecks is < 1)
        {
            reader.FieldError(item, "failedHealthChecks", path, $"must be at least 1 (found {failedChecks})");
        }

        var severities = ReadCalendarList(reader, item, "alertSeverities", path, required: false, static text =>
            AlertSeverityNames.Contains(text, StringComparer.Ordinal) ? null : YamlFieldReader.Unknown("alert severity", text, AlertSeverityNames));

        // A rule that is present but malformed is reported for itself; only a profile with no rule at all is this error.
        var anyRule = !IsAbsent(reader, item, "errorRate", path) || !IsAbsent(reader, item, "p95LatencyMs", path)
            || !IsAbsent(reader, item, "failedHealthChecks", path) || severities is not { Count: 0 };
        if (!anyRule)
        {
            reader.Error(
                item,
                path,
                "a profile must set at least one rule (errorRate, p95LatencyMs, failedHealthChecks or alertSeverities): a profile that can never fail watches nothing");
        }

        if (reader.Errors.Count > errorsBefore || name is null || environments is null || tiers is null || types is null
            || bakeTime is null || maxGap is null || severities is null)
        {
            return null;
        }

        return new HealthProfile(
            name, environments, tiers, types, bakeTime.Value, maxGap.Value, new HealthThresholds(errorRate, latency, failedChecks, severities));
    }

    private static string? ErrorRateLimit(double above) =>
        above is >= 0 and <= 100 ? null : string.Create(CultureInfo.InvariantCulture, $"must be from 0 to 100 (found {above})");

    private static string? LatencyLimit(double above) =>
        above > 0 ? null : string.Create(CultureInfo.InvariantCulture, $"must be greater than 0 (found {above})");

    /// <summary>A limit under <paramref name="aboveKey"/> (checked by <paramref name="rule"/>) and the run length that breaches it.</summary>
    private static ConsecutiveLimit? ReadConsecutiveLimit(
        YamlFieldReader reader, YMapping map, string path, string aboveKey, Func<double, string?> rule)
    {
        var above = reader.Number(map, aboveKey, path, required: true);
        if (above is { } value && rule(value) is { } problem)
        {
            reader.FieldError(map, aboveKey, path, problem);
            above = null;
        }

        var consecutive = reader.Integer(map, "consecutive", path, required: true);
        if (consecutive is < 1)
        {
            reader.FieldError(map, "consecutive", path, $"must be at least 1 (found {consecutive})");
            consecutive = null;
        }

        return above is null || consecutive is null ? null : new ConsecutiveLimit(above.Value, consecutive.Value);
    }
}
