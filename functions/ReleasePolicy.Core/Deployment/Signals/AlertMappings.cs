using ReleasePolicy.Policy;

namespace ReleasePolicy.Deployment.Signals;

/// <summary>
/// Which services and environments an alert is about, by the policy's <c>monitoring.alerts</c>: a mapping applies when
/// one of the alert's target resource ids or configuration items is listed (Azure resource ids and names are
/// case-insensitive, so the comparison is too), or when it lists custom properties and the alert carries every one of
/// them with the same value (exactly). A mapping with nothing listed never applies.
/// </summary>
public static class AlertMappings
{
    /// <summary>The (service, environment) pairs the alert maps to, in the policy's order, each once.</summary>
    public static IReadOnlyList<(string Service, string Environment)> Targets(MonitoringPolicy monitoring, AzureMonitorAlert alert)
    {
        ArgumentNullException.ThrowIfNull(monitoring);
        ArgumentNullException.ThrowIfNull(alert);
        var targets = new List<(string Service, string Environment)>();
        foreach (AlertMapping mapping in monitoring.Alerts)
        {
            if (Applies(mapping, alert) && !targets.Contains((mapping.Service, mapping.Environment)))
            {
                targets.Add((mapping.Service, mapping.Environment));
            }
        }

        return targets;
    }

    public static bool Applies(AlertMapping mapping, AzureMonitorAlert alert)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(alert);
        return mapping.TargetResourceIds.Intersect(alert.TargetResourceIds, StringComparer.OrdinalIgnoreCase).Any()
            || mapping.ConfigurationItems.Intersect(alert.ConfigurationItems, StringComparer.OrdinalIgnoreCase).Any()
            || (mapping.CustomProperties.Count > 0
                && mapping.CustomProperties.All(p => alert.CustomProperties.TryGetValue(p.Key, out string? value) && string.Equals(value, p.Value, StringComparison.Ordinal)));
    }
}
