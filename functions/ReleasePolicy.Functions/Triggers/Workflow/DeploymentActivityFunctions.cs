using Microsoft.Azure.Functions.Worker;
using ReleasePolicy.Releases;
using ReleasePolicy.Workflow;
using ReleasePolicy.Workflow.Activities;

namespace ReleasePolicy.Functions.Triggers.Workflow;

/// <summary><c>[Function]</c> adapters for the monitored-deployment stage's activities.</summary>
public sealed class DeploymentActivityFunctions(DeploymentActivities deployment, DeploymentConclusions conclusions, RollbackActivities rollback)
{
    [Function(WorkflowNames.ClearDeployment)]
    public Task<DeploymentClearance> ClearDeployment([ActivityTrigger] StageInput step) => deployment.ClearAsync(step);

    [Function(WorkflowNames.JudgeDeployment)]
    public Task<StageResult> JudgeDeployment([ActivityTrigger] JudgeStep step) => conclusions.JudgeAsync(step);

    [Function(WorkflowNames.RequestRollback)]
    public Task<RollbackTicket> RequestRollback([ActivityTrigger] RollbackStep step) => rollback.RequestAsync(step);

    [Function(WorkflowNames.RecordRtoMiss)]
    public Task<StageResult> RecordRtoMiss([ActivityTrigger] RtoMissStep step) => rollback.RecordRtoMissAsync(step);

    [Function(WorkflowNames.FinishRollback)]
    public Task<StageResult> FinishRollback([ActivityTrigger] RollbackEndStep step) => rollback.FinishAsync(step);
}
