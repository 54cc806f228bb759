using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using ReleasePolicy.Releases;
using ReleasePolicy.Workflow;

namespace ReleasePolicy.Functions.Triggers.Workflow;

/// <summary>Hand-written <c>[Function]</c> adapters for the orchestrators (the Durable source generator is not available to us).</summary>
public static class ReleaseWorkflowFunctions
{
    [Function(WorkflowNames.ReleaseOrchestrator)]
    public static Task<ReleaseOutcome> RunRelease([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ReleaseOrchestration.RunAsync(context, context.GetInput<ReleaseWorkflowInput>()
            ?? throw new InvalidOperationException("The release orchestration was started without input."));
    }

    [Function(WorkflowNames.ApprovalOrchestrator)]
    public static Task<StageResult> RunApproval([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ApprovalOrchestration.RunAsync(context, context.GetInput<ApprovalRequest>()
            ?? throw new InvalidOperationException("The approval orchestration was started without input."));
    }

    [Function(WorkflowNames.PolicyChangeOrchestrator)]
    public static Task<PolicyChangeResult> RunPolicyChange([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return PolicyChangeOrchestration.RunAsync(context, context.GetInput<PolicyChangeInput>()
            ?? throw new InvalidOperationException("The policy-change orchestration was started without input."));
    }
}
