using ReleasePolicy.Policy.Yaml;

namespace ReleasePolicy.Policy;

/// <summary>
/// The optional <c>monitoring</c> section (watched environments, the pipeline's start timeout, the rollback wait, who is
/// told, what a rollback owes, health profiles and Azure Monitor alert mappings); see <c>docs/monitoring-policy.md</c>.
/// Absent: <see cref="MonitoringPolicy.Unmonitored"/>.
/// </summary>
public static partial class PolicyParser
{
    private static readonly string[] MonitoringKeys =
        ["environments", "startTimeout", "rollbackWaitLimit", "notify", "incidents", "profiles", "alerts"];

    private static readonly string[] NotifyKeys = ["support", "escalation"];
    private static readonly string[] IncidentKeys = ["rootCauseAnalysisRequired", "exemptReleaseTypes"];

    private static MonitoringPolicy? ReadMonitoring(YamlFieldReader reader, YMapping policy, PolicyScope? scope, DirectoryLookup? directory)
    {
        const string path = "monitoring";
        if (policy[path] is null)
        {
            return MonitoringPolicy.Unmonitored;
        }

        var map = reader.StrictMapping(policy, path, string.Empty, required: true, MonitoringKeys);
        if (map is null)
        {
            return null;
        }

        var errorsBefore = reader.Errors.Count;
        var names = new MonitoringNames(scope);
        var environments = ReadCalendarList(reader, map, "environments", path, required: true, names.Environment);
        var startTimeout = ReadWholeDuration(reader, map, "startTimeout", path, required: true);
        var rollbackWait = ReadWholeDuration(reader, map, "rollbackWaitLimit", path, required: true);
        var notify = IsAbsent(reader, map, "notify", path)
            ? DeploymentNotify.None
            : ReadSection(reader, map, path, "notify", NotifyKeys, (r, m, p) => ReadDeploymentNotify(r, m, p, directory));
        // A rollback is an incident: unless the policy says otherwise, the service owes a root-cause analysis.
        var incidents = IsAbsent(reader, map, "incidents", path)
            ? new IncidentRules(RootCauseAnalysisRequired: true, ExemptReleaseTypes: [])
            : ReadSection(reader, map, path, "incidents", IncidentKeys, ReadIncidentRules);
        var profiles = ReadHealthProfiles(reader, map, path, environments);
        var alerts = IsAbsent(reader, map, "alerts", path) ? [] : ReadAlertMappings(reader, map, path, names);

        if (reader.Errors.Count > errorsBefore || environments is null || startTimeout is null || rollbackWait is null
            || notify is null || incidents is null || profiles is null || alerts is null)
        {
            return null;
        }

        return new MonitoringPolicy(environments, startTimeout.Value, rollbackWait.Value, profiles, alerts, notify, incidents);
    }

    /// <summary>An optional key that is missing or written without a value (<c>notify:</c>) takes its default.</summary>
    private static bool IsAbsent(YamlFieldReader reader, YMapping map, string key, string path) =>
        reader.Field(map, key, path, required: false) is null;

    /// <summary>Both lists are optional and may be empty; names are checked against the directory when the policy has one.</summary>
    private static DeploymentNotify? ReadDeploymentNotify(YamlFieldReader reader, YMapping map, string path, DirectoryLookup? directory)
    {
        var support = ReadNameList(reader, map, "support", path, required: false, PersonOrGroupRule(directory));
        var escalation = ReadNameList(reader, map, "escalation", path, required: false, PersonOrGroupRule(directory));
        return support is null || escalation is null ? null : new DeploymentNotify(support, escalation);
    }

    private static IncidentRules? ReadIncidentRules(YamlFieldReader reader, YMapping map, string path)
    {
        var required = reader.Bool(map, "rootCauseAnalysisRequired", path, required: false);
        var exempt = ReadReleaseTypeList(reader, map, "exemptReleaseTypes", path);
        // A malformed flag is already reported, and the section's error count then refuses the whole monitoring policy.
        return exempt is null ? null : new IncidentRules(required ?? true, exempt);
    }

    /// <summary>
    /// Checks monitoring names against the policy's scope (skipped when the scope could not be read). Exact spelling,
    /// unlike the calendar's: <see cref="MonitoringPolicy.Watches"/> and the alert match compare names ordinally.
    /// </summary>
    private sealed class MonitoringNames(PolicyScope? scope)
    {
        public string? Environment(string name) =>
            scope is null || scope.Environments.Any(e => string.Equals(e.Name, name, StringComparison.Ordinal))
                ? null
                : $"environment '{name}' is not listed under scope.environments";

        public string? Service(string name) =>
            scope is null || scope.Services.Any(s => string.Equals(s.Name, name, StringComparison.Ordinal))
                ? null
                : $"service '{name}' is not listed under scope.services";
    }
}
