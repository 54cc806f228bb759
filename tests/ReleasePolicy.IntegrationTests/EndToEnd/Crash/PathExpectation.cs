namespace ReleasePolicy.IntegrationTests.EndToEnd.Crash;

/// <summary>
/// What a path must leave behind, as the API and the evidence show it (never which activities wrote it): the final
/// status, the evidence kinds that must appear exactly once, and those that must not appear at all. Every kind not in
/// <see cref="Repeatable"/> may appear at most once in any release.
/// </summary>
internal sealed record PathExpectation(string Status, string[] Once, string[] Never)
{
    /// <summary>
    /// Kinds a release may write more than once: reminders, checks before each slot, reschedules. A reschedule is not
    /// forbidden on any path that books: a host that is dead when a slot opens checks it late, finds the slot gone and
    /// rightly books the next one.
    /// </summary>
    public static readonly string[] Repeatable = ["approval-reminder", "approval-escalation", "pre-deployment-check", "reschedule"];

    private static readonly string[] Submitted = ["submission", "policy-snapshot", "readiness"];
    private static readonly string[] Tier = ["approval-request", "approval-tier", "approval-decision"];
    private static readonly string[] Deployed = ["schedule", "deployment-cleared", "deployment", "completion"];
    private static readonly string[] Rollback = ["rollback-request", "rollback"];

    public static PathExpectation For(CrashPath path) => path switch
    {
        CrashPath.AutoApproved => new("succeeded", [.. Submitted, "approval-decision", .. Deployed], ["approval-request", "approval-tier", .. Rollback]),
        CrashPath.ApprovedByQuorum => new("succeeded", [.. Submitted, .. Tier, .. Deployed], [.. Rollback]),
        CrashPath.RejectedAtReadiness => new("rejected", [.. Submitted, "completion"], [.. Tier, "schedule", "deployment-cleared", "deployment", .. Rollback]),
        CrashPath.RejectedByApprover => new("rejected", [.. Submitted, .. Tier, "completion"], ["schedule", "deployment-cleared", "deployment", .. Rollback]),
        CrashPath.ApprovalTimedOut => new("rejected", [.. Submitted, .. Tier, "completion"], ["schedule", "deployment-cleared", "deployment", .. Rollback]),
        CrashPath.RescheduledByFreeze => new("succeeded", [.. Submitted, "approval-decision", .. Deployed], [.. Rollback]),
        CrashPath.DeployedHealthy => new("succeeded", [.. Submitted, "approval-decision", .. Deployed], ["approval-request", "approval-tier", .. Rollback]),
        _ => new("rolledBack", [.. Submitted, "approval-decision", .. Deployed, .. Rollback], ["approval-request", "approval-tier"]),
    };
}
