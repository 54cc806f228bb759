namespace ReleasePolicy.Policy;

/// <summary>Who signs off on a given approval route and how many of them.</summary>
/// <param name="AutoApproveAllowedFor">Only meaningful for <see cref="ApprovalRoute.AutoApprove"/>.</param>
public sealed record OversightEntry(
    ApprovalRoute Route,
    IReadOnlyList<string> ApproverGroups,
    int Quorum,
    string? SeniorApproverGroup,
    IReadOnlyList<ReleaseType> AutoApproveAllowedFor);
