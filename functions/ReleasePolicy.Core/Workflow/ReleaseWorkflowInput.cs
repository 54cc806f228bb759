using ReleasePolicy.Policy.Store;
using ReleasePolicy.Releases;

namespace ReleasePolicy.Workflow;

/// <summary>
/// Everything the release orchestration needs, fixed when the release is accepted, so that replays and later
/// configuration changes cannot change what an in-flight release was judged against.
/// </summary>
/// <param name="BakeTime">How long the deployment is watched before it is declared done.</param>
/// <param name="Policy">The exact policy version the release is judged under, fixed at submission.</param>
public sealed record ReleaseWorkflowInput(string ReleaseId, ReleaseRequest Request, TimeSpan BakeTime, PolicyReference Policy);

/// <summary>The orchestration's result.</summary>
public sealed record ReleaseOutcome(string ReleaseId, ReleaseStatus Status, IReadOnlyList<StageDecision> Decisions);

/// <summary>What the orchestration publishes as its custom status, and what status queries show.</summary>
public sealed record ReleaseCustomStatus(ReleaseStage Stage, ReleaseStatus Status);

/// <summary>Input of the approval sub-orchestration.</summary>
public sealed record ApprovalRequest(string ReleaseId, ReleaseRequest Request, StageDecision Readiness);
