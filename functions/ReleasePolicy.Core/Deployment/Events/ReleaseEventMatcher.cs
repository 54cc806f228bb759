using ReleasePolicy.Releases;

namespace ReleasePolicy.Deployment.Events;

/// <summary>
/// Finds the release an event is about. By id: any existing release (a finished one too: the caller records the event
/// and leaves the release alone). By deployment: the newest in-progress release of that service, version and
/// environment whose stage is deployment, looked up in one bounded page of the index.
/// </summary>
public sealed class ReleaseEventMatcher(IReleaseStore releases)
{
    /// <summary>How many in-progress releases of one service are looked at; more at once in deployment is not a real case.</summary>
    public const int DeploymentLookupLimit = 100;

    public async Task<EventMatch> MatchAsync(ReleaseReference reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
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

        ReleasePage page = await releases.ListAsync(new ReleaseQuery(reference.Service, ReleaseStatus.InProgress, DeploymentLookupLimit), cancellationToken).ConfigureAwait(false);
        ReleaseSummary? deploying = page.Items.FirstOrDefault(r =>
            r.Stage == ReleaseStage.Deployment
            && string.Equals(r.Version, reference.Version, StringComparison.Ordinal)
            && string.Equals(r.Environment, reference.Environment, StringComparison.Ordinal));
        return deploying is null ? EventMatch.Unmatched : new EventMatch(deploying, "deployment");
    }
}
