namespace ReleasePolicy.Approvals.AccessReview;

/// <summary>One person's right to approve one tier, and the policy clause that grants it.</summary>
/// <param name="Person">The person's id (a UPN in Azure).</param>
/// <param name="DisplayName">Null when the policy names someone the directory does not know.</param>
/// <param name="Chain">The chain's policy path, e.g. <c>oversight.cab</c> or <c>approvals.policyChanges</c>.</param>
/// <param name="Via">The group that grants it, <c>named user</c>, or the escalation that does.</param>
/// <param name="Clause">The exact policy path, e.g. <c>oversight.cab.tiers[0].approvers.groups[0]</c>.</param>
public sealed record AccessReviewRow(
    string Person,
    string? DisplayName,
    string? Mail,
    string Chain,
    string Tier,
    string Via,
    string Clause,
    string PolicyVersion);

/// <summary>The review of one policy version: every row, and what could not be resolved (an empty group, an unknown person).</summary>
public sealed record AccessReviewReport(string PolicyVersion, string PolicyHash, DateTimeOffset GeneratedAt, IReadOnlyList<AccessReviewRow> Rows, IReadOnlyList<string> Warnings);
