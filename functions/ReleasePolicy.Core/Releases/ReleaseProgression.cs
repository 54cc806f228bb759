namespace ReleasePolicy.Releases;

/// <summary>
/// The one order of a release's path: readiness &lt; approval &lt; scheduling &lt; deployment &lt; done, and within a
/// stage submitted &lt; in progress &lt; finished. The store uses it so that progress only ever moves forward.
/// </summary>
public static class ReleaseProgression
{
    /// <summary>Rejected, succeeded, failed, rolled back and not deployed are final: nothing changes a release after them.</summary>
    public static bool IsFinished(ReleaseStatus status) =>
        status is ReleaseStatus.Rejected or ReleaseStatus.Succeeded or ReleaseStatus.Failed or ReleaseStatus.RolledBack or ReleaseStatus.NotDeployed;

    /// <summary>Negative when (stage, status) comes before (otherStage, otherStatus), zero when equal, positive after.</summary>
    public static int Compare(ReleaseStage stage, ReleaseStatus status, ReleaseStage otherStage, ReleaseStatus otherStatus)
    {
        int byStage = ((int)stage).CompareTo((int)otherStage);
        return byStage != 0 ? byStage : Rank(status).CompareTo(Rank(otherStatus));
    }

    private static int Rank(ReleaseStatus status) => status switch
    {
        ReleaseStatus.Submitted => 0,
        ReleaseStatus.InProgress => 1,
        _ => 2,
    };
}
