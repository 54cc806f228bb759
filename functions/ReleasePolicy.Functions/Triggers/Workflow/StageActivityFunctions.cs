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
    public Task<StageDecision> EvaluateReadiness([ActivityTrigger] ReleaseWorkflowInput input) => readiness.EvaluateAsync(input);

    [Function(WorkflowNames.DecideApproval)]
    public Task<StageDecision> DecideApproval([ActivityTrigger] ApprovalRequest request) => approval.DecideAsync(request);

    [Function(WorkflowNames.BookDeploymentSlot)]
    public Task<StageDecision> BookDeploymentSlot([ActivityTrigger] ReleaseWorkflowInput input) => scheduling.BookAsync(input);

    [Function(WorkflowNames.CompleteDeployment)]
    public Task<StageDecision> CompleteDeployment([ActivityTrigger] ReleaseWorkflowInput input) => deployment.CompleteAsync(input);

    [Function(WorkflowNames.RecordReleaseProgress)]
    public Task RecordReleaseProgress([ActivityTrigger] ReleaseProgress progress) => records.RecordProgressAsync(progress);
}
