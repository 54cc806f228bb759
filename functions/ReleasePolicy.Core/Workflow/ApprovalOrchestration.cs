using Microsoft.DurableTask;
using ReleasePolicy.Approvals;
using ReleasePolicy.Policy;

namespace ReleasePolicy.Workflow;

/// <summary>
/// One release's approval: the tiers of its route, in order. In each tier the orchestration waits for the tally's
/// "decided" event raced against durable timers for each reminder, the escalation and the timeout; every wake-up also
/// reads the tally, so a decision whose event was lost is still found. Deterministic: times from the context, every
/// side effect in an activity.
/// </summary>
public static class ApprovalOrchestration
{
    public static async Task<StageResult> RunAsync(TaskOrchestrationContext context, ApprovalRequest request)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        ApprovalPlan plan = request.Planned is { } planned
            ? new ApprovalPlan(planned, request.Sequence, null)
            : await context.CallActivityAsync<ApprovalPlan>(
                WorkflowNames.PlanApproval, new ApprovalStep(request, context.CurrentUtcDateTime), ReleaseOrchestration.Retry);
        if (plan.Decided is { } decided)
        {
            return decided;
        }

        // The tier activities read the chain from the request: it must be the planned one (which may add tiers).
        request = request with { Planned = plan.Chain };

        int sequence = plan.NextSequence;
        var closed = new List<TierClosed>();
        for (var tier = 0; tier < plan.Chain.Tiers.Count; tier++)
        {
            TierClosed result = await RunTierAsync(context, request, plan.Chain.Tiers[tier], tier, sequence);
            closed.Add(result);
            sequence = result.NextSequence;
            if (result.Status != TierStatus.Approved)
            {
                break;
            }
        }

        return await context.CallActivityAsync<StageResult>(
            WorkflowNames.FinishApproval,
            new ApprovalFinish(request, sequence, context.CurrentUtcDateTime, plan.Chain, closed),
            ReleaseOrchestration.Retry);
    }

    private static Task<TierClosed> RunTierAsync(TaskOrchestrationContext context, ApprovalRequest request, ApprovalTier tier, int index, int sequence) =>
        TierWait.RunAsync(
            context,
            tier,
            index,
            sequence,
            at => context.CallActivityAsync<TierOpened>(WorkflowNames.OpenApprovalTier, new TierStep(request, index, at, context.CurrentUtcDateTime), ReleaseOrchestration.Retry),
            (kind, at) => context.CallActivityAsync<TierProgress>(
                kind switch
                {
                    TierPointKind.Reminder => WorkflowNames.RemindApprovers,
                    TierPointKind.Escalation => WorkflowNames.EscalateApprovalTier,
                    _ => WorkflowNames.CheckApprovalTier,
                },
                new TierStep(request, index, at, context.CurrentUtcDateTime),
                ReleaseOrchestration.Retry),
            (ending, at) => CloseAsync(context, request, index, at, ending));

    private static Task<TierClosed> CloseAsync(TaskOrchestrationContext context, ApprovalRequest request, int index, int sequence, TierEnding ending) =>
        context.CallActivityAsync<TierClosed>(
            WorkflowNames.CloseApprovalTier,
            new TierClosing(new TierStep(request, index, sequence, context.CurrentUtcDateTime), ending),
            ReleaseOrchestration.Retry);
}
