namespace ReleasePolicy.Approvals;

/// <summary>The approval sub-orchestration's instance id: the release's id with this suffix.</summary>
public static class ApprovalInstance
{
    public const string Suffix = ":approval";

    public static string For(string releaseId) => releaseId + Suffix;
}
