using Microsoft.Azure.Functions.Worker;
using ReleasePolicy.Releases;
using ReleasePolicy.Workflow;
using ReleasePolicy.Workflow.Activities;

namespace ReleasePolicy.Functions.Triggers.Workflow;

/// <summary><c>[Function]</c> adapters for the stage activities; each delegates to its stage's class in Core.</summary>
public sealed class StageActivityFunctions(
    ReadinessActivities readiness,
    ApprovalActivities approval,
    SchedulingActivities scheduling,
    DeploymentActivities deployment,
    ReleaseRecordActivities records)
{
    [Function(WorkflowNames.EvaluateReadiness)]
    public Task<StageResult> EvaluateReadiness([ActivityTrigger] StageInput step) => readiness.EvaluateAsync(step);

    [Function(WorkflowNames.DecideApproval)]
    public Task<StageResult> DecideApproval([ActivityTrigger] ApprovalStep step) => approval.DecideAsync(step);

    [Function(WorkflowNames.BookDeploymentSlot)]
    public Task<StageResult> BookDeploymentSlot([ActivityTrigger] StageInput step) => scheduling.BookAsync(step);

    [Function(WorkflowNames.CompleteDeployment)]
    public Task<StageResult> CompleteDeployment([ActivityTrigger] StageInput step) => deployment.CompleteAsync(step);

    [Function(WorkflowNames.CloseRelease)]
    public Task CloseRelease([ActivityTrigger] CloseInput close) => records.CloseAsync(close);

    [Function(WorkflowNames.RecordReleaseProgress)]
    public Task RecordReleaseProgress([ActivityTrigger] ReleaseProgress progress) => records.RecordProgressAsync(progress);
}
