namespace ReleasePolicy.Approvals.Presentation;

/// <summary>An approval already given in the current tier.</summary>
/// <param name="Who">The approver's display name (or id).</param>
public sealed record SummaryApproval(string Who, DateTimeOffset At, string? Comment);
