namespace ReleasePolicy.Approvals;

/// <summary>The approval sub-orchestration's instance id: the release's id with this suffix.</summary>
public static class ApprovalInstance
{
    public const string Suffix = ":approval";

    public const string ReviewSuffix = ":review";

    public static string For(string releaseId) => releaseId + Suffix;

    /// <summary>An emergency's post-facto review, after deployment.</summary>
    public static string ReviewFor(string releaseId) => releaseId + ReviewSuffix;
}
