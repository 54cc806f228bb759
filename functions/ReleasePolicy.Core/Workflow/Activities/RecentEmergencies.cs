using ReleasePolicy.Policy;
using ReleasePolicy.Releases;

namespace ReleasePolicy.Workflow.Activities;

/// <summary>
/// How many emergency releases a service had in the policy's repeat window before a given moment: the count the
/// root-cause-analysis gate compares with <c>approvals.emergency.rootCauseAnalysisAfter</c>. Reads the time-sorted
/// index newest first and stops at the window's start, so it never scans a service's whole history.
/// </summary>
public sealed class RecentEmergencies(IReleaseStore releases)
{
    private const int MaxPages = 50;

    /// <param name="before">Only releases created before this moment count (the readiness decision's time, so a retry counts the same).</param>
    public async Task<int> CountAsync(string service, string excludingReleaseId, TimeSpan window, DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        DateTimeOffset since = before - window;
        var count = 0;
        string? token = null;
        for (var page = 0; page < MaxPages; page++)
        {
            ReleasePage result = await releases.ListAsync(new ReleaseQuery(Service: service, Limit: 100, ContinuationToken: token), cancellationToken).ConfigureAwait(false);
            foreach (ReleaseSummary release in result.Items)
            {
                if (release.CreatedAt < since)
                {
                    return count;
                }

                if (release.Type == ReleaseType.Emergency && release.CreatedAt < before && release.Id != excludingReleaseId)
                {
                    count++;
                }
            }

            token = result.ContinuationToken;
            if (token is null)
            {
                break;
            }
        }

        return count;
    }
}
