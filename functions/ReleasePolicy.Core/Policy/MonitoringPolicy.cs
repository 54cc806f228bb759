namespace ReleasePolicy.Policy;

/// <summary>
/// The policy's <c>monitoring</c> section: which environments are watched after deployment, how long the pipeline has
/// to start, the health profiles (bake time, sample cadence, thresholds) per environment, tier and release type, how
/// Azure Monitor alerts map to services, who is told, and what a rollback owes. A policy without the section is
/// <see cref="Unmonitored"/>: a release is declared deployed after the host's bake time, and its decision says it was
/// not watched.
/// </summary>
/// <param name="Environments">The watched environments; a release to any other is not watched.</param>
/// <param name="StartTimeout">From <c>Cleared</c> to the pipeline's <c>Started</c>; past it the release is not deployed.</param>
/// <param name="RollbackWaitLimit">How long after <c>RollbackRequested</c> we wait for <c>RollbackCompleted</c> before recording it unconfirmed.</param>
/// <param name="Profiles">Health profiles; the most specific that applies wins (see <see cref="ProfileFor"/>).</param>
/// <param name="Alerts">Which Azure Monitor alerts are about which service and environment.</param>
public sealed record MonitoringPolicy(
    IReadOnlyList<string> Environments,
    TimeSpan StartTimeout,
    TimeSpan RollbackWaitLimit,
    IReadOnlyList<HealthProfile> Profiles,
    IReadOnlyList<AlertMapping> Alerts,
    DeploymentNotify Notify,
    IncidentRules Incidents)
{
    /// <summary>No monitoring section: nothing is watched, no incident is opened, nobody is mailed.</summary>
    public static MonitoringPolicy Unmonitored { get; } = new([], TimeSpan.Zero, TimeSpan.Zero, [], [], DeploymentNotify.None, IncidentRules.None) { Governed = false };

    /// <summary>False for <see cref="Unmonitored"/>.</summary>
    public bool Governed { get; init; } = true;

    public bool Watches(string environment) =>
        this.Governed && this.Environments.Contains(environment, StringComparer.Ordinal);

    /// <summary>
    /// The profile for a release: among the profiles whose filters all match, the most specific (a release type filter
    /// outweighs a tier filter, which outweighs an environment filter); the first listed wins a tie. Null when none
    /// applies (the parser requires a catch-all profile, so only an unwatched environment gets null).
    /// </summary>
    public HealthProfile? ProfileFor(string environment, string tier, ReleaseType type)
    {
        if (!this.Watches(environment))
        {
            return null;
        }

        HealthProfile? best = null;
        int bestScore = -1;
        foreach (HealthProfile profile in this.Profiles)
        {
            if (profile.Applies(environment, tier, type) && profile.Specificity > bestScore)
            {
                best = profile;
                bestScore = profile.Specificity;
            }
        }

        return best;
    }
}

/// <summary>
/// How one kind of release is watched: for <paramref name="BakeTime"/> after the pipeline's <c>Started</c>, with a
/// health sample due at least every <paramref name="MaxSampleGap"/> (a longer silence is a failure, never a pass).
/// </summary>
/// <param name="Environments">Empty: every watched environment.</param>
/// <param name="Tiers">Criticality tiers; empty: every tier.</param>
/// <param name="ReleaseTypes">Empty: every release type.</param>
public sealed record HealthProfile(
    string Name,
    IReadOnlyList<string> Environments,
    IReadOnlyList<string> Tiers,
    IReadOnlyList<ReleaseType> ReleaseTypes,
    TimeSpan BakeTime,
    TimeSpan MaxSampleGap,
    HealthThresholds Thresholds)
{
    public int Specificity => (this.ReleaseTypes.Count > 0 ? 4 : 0) + (this.Tiers.Count > 0 ? 2 : 0) + (this.Environments.Count > 0 ? 1 : 0);

    public bool Applies(string environment, string tier, ReleaseType type) =>
        (this.Environments.Count == 0 || this.Environments.Contains(environment, StringComparer.Ordinal))
        && (this.Tiers.Count == 0 || this.Tiers.Contains(tier, StringComparer.Ordinal))
        && (this.ReleaseTypes.Count == 0 || this.ReleaseTypes.Contains(type));
}

/// <summary>
/// What fails a deployment's health. Each rule is optional (null or empty: not checked), and every rule that is set is
/// named in the evaluation's record with its threshold.
/// </summary>
/// <param name="ErrorRatePercent">Error rate (percent of requests) above the limit in that many consecutive samples.</param>
/// <param name="P95LatencyMs">p95 latency (milliseconds) above the limit in that many consecutive samples.</param>
/// <param name="FailedHealthChecks">Failed health checks, summed over the watch, at or above which it fails.</param>
/// <param name="AlertSeverities">Azure Monitor severities (<c>Sev0</c>..<c>Sev4</c>) whose fired alert fails the deployment.</param>
public sealed record HealthThresholds(
    ConsecutiveLimit? ErrorRatePercent,
    ConsecutiveLimit? P95LatencyMs,
    int? FailedHealthChecks,
    IReadOnlyList<string> AlertSeverities);

/// <summary>A value above <paramref name="Above"/> in <paramref name="Consecutive"/> samples in a row.</summary>
public sealed record ConsecutiveLimit(double Above, int Consecutive);

/// <summary>
/// Which Azure Monitor alerts are about a service in an environment: an alert matches when one of its target resource
/// ids (case-insensitive) or configuration items is listed, or when every listed custom property has the given value.
/// </summary>
public sealed record AlertMapping(
    string Service,
    string Environment,
    IReadOnlyList<string> TargetResourceIds,
    IReadOnlyList<string> ConfigurationItems,
    IReadOnlyDictionary<string, string> CustomProperties);

/// <summary>Who is told: release notes go to the service's informed list and <paramref name="Support"/>; rollbacks and RTO misses to <paramref name="Escalation"/>.</summary>
public sealed record DeploymentNotify(IReadOnlyList<string> Support, IReadOnlyList<string> Escalation)
{
    public static DeploymentNotify None { get; } = new([], []);
}

/// <summary>What a rollback leaves behind: whether the service owes a root-cause analysis before its next release passes readiness, and which release types may pass without it.</summary>
public sealed record IncidentRules(bool RootCauseAnalysisRequired, IReadOnlyList<ReleaseType> ExemptReleaseTypes)
{
    public static IncidentRules None { get; } = new(false, []);
}
