namespace ReleasePolicy.Policy;

/// <summary>Pure rules of the policy's emergency path (<c>approvals.emergency</c>), for the approval stage.</summary>
public static class EmergencyRules
{
    /// <summary>
    /// True when the requester, or one of their groups, is named in <c>approvals.emergency.skipPreApprovalFor</c>, so
    /// that their emergency release skips pre-approval and owes a post-facto review instead. Names match ignoring case,
    /// like RACI entries; the caller resolves the groups and checks that the release is an emergency.
    /// </summary>
    public static bool SkipsPreApproval(PolicyDocument policy, string? requester, IReadOnlyList<string>? requesterGroups) =>
        SkipPreApprovalGrant(policy, requester, requesterGroups) is not null;

    /// <summary>The policy entry that grants the skip (the requester's id or one of their groups), to record with the decision; null when none does.</summary>
    public static string? SkipPreApprovalGrant(PolicyDocument policy, string? requester, IReadOnlyList<string>? requesterGroups)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy.Approvals.Emergency is { } emergency ? NamedGrant.Find(emergency.SkipPreApprovalFor, requester, requesterGroups) : null;
    }

    /// <summary>True when <paramref name="recentEmergencies"/> in the repeat window oblige the service's next release to carry an RCA.</summary>
    public static bool RequiresRootCauseAnalysis(PolicyDocument policy, int recentEmergencies)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy.Approvals.Emergency is { } emergency && recentEmergencies >= emergency.RootCauseAnalysisAfter;
    }
}
