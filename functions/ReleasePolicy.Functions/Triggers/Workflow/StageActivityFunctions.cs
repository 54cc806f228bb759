using Microsoft.Azure.Functions.Worker;
using ReleasePolicy.Releases;
using ReleasePolicy.Workflow;
using ReleasePolicy.Workflow.Activities;

namespace ReleasePolicy.Functions.Triggers.Workflow;

/// <summary><c>[Function]</c> adapters for the stage activities; each delegates to its stage's class in Core.</summary>
public sealed class StageActivityFunctions(
    ReadinessActivities readiness,
    ApprovalActivities approval,
    ApprovalTierActivities tiers,
    SchedulingActivities scheduling,
    PreDeploymentCheckActivities checks,
    DeploymentConclusions conclusions,
    ReleaseRecordActivities records)
{
    [Function(WorkflowNames.EvaluateReadiness)]
    public Task<StageResult> EvaluateReadiness([ActivityTrigger] StageInput step) => readiness.EvaluateAsync(step);

    [Function(WorkflowNames.PlanApproval)]
    public Task<ApprovalPlan> PlanApproval([ActivityTrigger] ApprovalStep step) => approval.PlanAsync(step);

    [Function(WorkflowNames.OpenApprovalTier)]
    public Task<TierOpened> OpenApprovalTier([ActivityTrigger] TierStep step) => tiers.OpenAsync(step);

    [Function(WorkflowNames.RemindApprovers)]
    public Task<TierProgress> RemindApprovers([ActivityTrigger] TierStep step) => tiers.RemindAsync(step);

    [Function(WorkflowNames.EscalateApprovalTier)]
    public Task<TierProgress> EscalateApprovalTier([ActivityTrigger] TierStep step) => tiers.EscalateAsync(step);

    [Function(WorkflowNames.CheckApprovalTier)]
    public Task<TierProgress> CheckApprovalTier([ActivityTrigger] TierStep step) => tiers.CheckAsync(step);

    [Function(WorkflowNames.CloseApprovalTier)]
    public Task<TierClosed> CloseApprovalTier([ActivityTrigger] TierClosing closing) => tiers.CloseAsync(closing);

    [Function(WorkflowNames.FinishApproval)]
    public Task<StageResult> FinishApproval([ActivityTrigger] ApprovalFinish finish) => approval.FinishAsync(finish);

    [Function(WorkflowNames.BookDeploymentSlot)]
    public Task<StageResult> BookDeploymentSlot([ActivityTrigger] ScheduleStep step) => scheduling.BookAsync(step);

    [Function(WorkflowNames.CheckDependencies)]
    public Task<DependencyState> CheckDependencies([ActivityTrigger] StageInput step) => scheduling.CheckDependenciesAsync(step);

    [Function(WorkflowNames.CheckBeforeDeployment)]
    public Task<StageResult> CheckBeforeDeployment([ActivityTrigger] DeploymentCheckStep step) => checks.CheckAsync(step);

    [Function(WorkflowNames.CompleteDeployment)]
    public Task<StageResult> CompleteDeployment([ActivityTrigger] StageInput step) => conclusions.CompleteUnwatchedAsync(step);

    [Function(WorkflowNames.CloseRelease)]
    public Task<StageDecision?> CloseRelease([ActivityTrigger] CloseInput close) => records.CloseAsync(close);

    [Function(WorkflowNames.RecordReleaseProgress)]
    public Task RecordReleaseProgress([ActivityTrigger] ReleaseProgress progress) => records.RecordProgressAsync(progress);
}
