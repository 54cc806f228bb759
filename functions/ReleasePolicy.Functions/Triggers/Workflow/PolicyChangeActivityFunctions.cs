using Microsoft.Azure.Functions.Worker;
using ReleasePolicy.Workflow;
using ReleasePolicy.Workflow.Activities;

namespace ReleasePolicy.Functions.Triggers.Workflow;

/// <summary><c>[Function]</c> adapters for a policy change's activities; each delegates to its class in Core.</summary>
public sealed class PolicyChangeActivityFunctions(PolicyChangeActivities change, PolicyChangeTierActivities tiers)
{
    [Function(WorkflowNames.RecordPolicyProposal)]
    public Task<int> RecordPolicyProposal([ActivityTrigger] PolicyChangeStep step) => change.RecordProposalAsync(step);

    [Function(WorkflowNames.OpenPolicyTier)]
    public Task<TierOpened> OpenPolicyTier([ActivityTrigger] PolicyChangeStep step) => tiers.OpenAsync(step);

    [Function(WorkflowNames.RemindPolicyApprovers)]
    public Task<TierProgress> RemindPolicyApprovers([ActivityTrigger] PolicyChangeStep step) => tiers.RemindAsync(step);

    [Function(WorkflowNames.EscalatePolicyTier)]
    public Task<TierProgress> EscalatePolicyTier([ActivityTrigger] PolicyChangeStep step) => tiers.EscalateAsync(step);

    [Function(WorkflowNames.CheckPolicyTier)]
    public Task<TierProgress> CheckPolicyTier([ActivityTrigger] PolicyChangeStep step) => tiers.CheckAsync(step);

    [Function(WorkflowNames.ClosePolicyTier)]
    public Task<TierClosed> ClosePolicyTier([ActivityTrigger] PolicyTierClosing closing) => tiers.CloseAsync(closing);

    [Function(WorkflowNames.FinishPolicyChange)]
    public Task<PolicyChangeResult> FinishPolicyChange([ActivityTrigger] PolicyChangeFinish finish) => change.FinishAsync(finish);
}
