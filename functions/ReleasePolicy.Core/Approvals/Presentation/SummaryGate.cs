namespace ReleasePolicy.Approvals.Presentation;

/// <summary>One readiness gate's result as shown to approvers.</summary>
/// <param name="Outcome">As recorded: <c>pass</c>, <c>fail</c> or <c>waived</c>.</param>
public sealed record SummaryGate(string Name, string Outcome, string? Measured, string? Threshold, string Reason);
