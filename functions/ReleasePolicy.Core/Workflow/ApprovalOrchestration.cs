using Microsoft.DurableTask;
using ReleasePolicy.Releases;

namespace ReleasePolicy.Workflow;

/// <summary>
/// One release's approval, as its own orchestration so that tiers, reminders and timeouts each get their own
/// history. Today it asks the approval stage for its decision; approval tiers and mail come in a later issue.
/// </summary>
public static class ApprovalOrchestration
{
    public static async Task<StageResult> RunAsync(TaskOrchestrationContext context, ApprovalRequest request)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        return await context.CallActivityAsync<StageResult>(
            WorkflowNames.DecideApproval, new ApprovalStep(request, context.CurrentUtcDateTime), ReleaseOrchestration.Retry);
    }
}
