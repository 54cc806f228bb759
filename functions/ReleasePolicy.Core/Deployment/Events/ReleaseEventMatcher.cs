using ReleasePolicy.Deployment.Signals;
using ReleasePolicy.Policy;
using ReleasePolicy.Policy.Store;
using ReleasePolicy.Releases;

namespace ReleasePolicy.Deployment.Events;

/// <summary>
/// Finds the release an event is about. By id: any existing release (a finished one too: the caller records the event
/// and leaves the release alone). By deployment: the newest in-progress release of that service, version and
/// environment whose stage is deployment, looked up in one bounded page of the index. An Azure Monitor alert names no
/// release: the active policy's alert mappings give services and environments, and the newest in-progress release of
/// the first of them with a release in deployment (any version) is the one. The policy is read on every alert, so a
/// newly published mapping applies at once.
/// </summary>
public sealed class ReleaseEventMatcher(IReleaseStore releases, PolicyCatalog policies)
{
    /// <summary>How many in-progress releases of one service are looked at; more at once in deployment is not a real case.</summary>
    public const int DeploymentLookupLimit = 100;

    /// <summary>How many mapped (service, environment) pairs one alert may look up; a mapping list is short, a lookup is a query.</summary>
    public const int AlertTargetLimit = 10;

    public async Task<EventMatch> MatchAsync(ReleaseReference reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Alert is { } alert)
        {
            return await this.MatchAlertAsync(alert, cancellationToken).ConfigureAwait(false);
        }

        if (reference.ReleaseId is { } id)
        {
            return await releases.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } record
                ? new EventMatch(ReleaseSummary.Of(record), "releaseId")
                : EventMatch.Unmatched;
        }

        if (!reference.NamesDeployment)
        {
            return EventMatch.Unmatched;
        }

        ReleaseSummary? deploying = await this.DeployingAsync(reference.Service!, reference.Environment!, reference.Version, cancellationToken).ConfigureAwait(false);
        return deploying is null ? EventMatch.Unmatched : new EventMatch(deploying, "deployment");
    }

    private async Task<EventMatch> MatchAlertAsync(AzureMonitorAlert alert, CancellationToken cancellationToken)
    {
        (_, PolicyDocument active) = await policies.GetActiveAsync(cancellationToken).ConfigureAwait(false);
        foreach ((string service, string environment) in AlertMappings.Targets(active.Monitoring, alert).Take(AlertTargetLimit))
        {
            if (await this.DeployingAsync(service, environment, version: null, cancellationToken).ConfigureAwait(false) is { } deploying)
            {
                return new EventMatch(deploying, "alert");
            }
        }

        return EventMatch.Unmatched;
    }

    /// <summary>The newest in-progress release of the service in the environment (and version, when given) in its deployment stage.</summary>
    private async Task<ReleaseSummary?> DeployingAsync(string service, string environment, string? version, CancellationToken cancellationToken)
    {
        ReleasePage page = await releases.ListAsync(new ReleaseQuery(service, ReleaseStatus.InProgress, DeploymentLookupLimit), cancellationToken).ConfigureAwait(false);
        return page.Items.FirstOrDefault(r =>
            r.Stage == ReleaseStage.Deployment
            && (version is null || string.Equals(r.Version, version, StringComparison.Ordinal))
            && string.Equals(r.Environment, environment, StringComparison.Ordinal));
    }
}
