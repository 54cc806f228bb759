namespace ReleasePolicy.Deployment.Signals;

/// <summary>
/// The parts of an Azure Monitor alert in the common alert schema (<c>data.essentials</c> and
/// <c>data.customProperties</c>) that decide which release it is about and whether it fails one.
/// </summary>
/// <param name="Severity">As sent: <c>Sev0</c> (critical) .. <c>Sev4</c>.</param>
/// <param name="Fired">True for <c>monitorCondition</c> <c>Fired</c>, false for <c>Resolved</c>.</param>
public sealed record AzureMonitorAlert(
    string AlertId,
    string AlertRule,
    string Severity,
    bool Fired,
    IReadOnlyList<string> TargetResourceIds,
    IReadOnlyList<string> ConfigurationItems,
    IReadOnlyDictionary<string, string> CustomProperties,
    DateTimeOffset? FiredAt,
    DateTimeOffset? ResolvedAt,
    string? Description);
