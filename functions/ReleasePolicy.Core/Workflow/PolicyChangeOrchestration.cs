using Microsoft.DurableTask;
using ReleasePolicy.Approvals;
using ReleasePolicy.Policy;

namespace ReleasePolicy.Workflow;

/// <summary>
/// A proposed policy version's approval: record the proposal, run the council's tiers in order with the same
/// tier mechanics as a release's approval (the tally's "decided" event raced against timers for reminders, the
/// escalation and the timeout; every wake re-reads the tally), then publish it only if every tier approved.
/// Deterministic: times from the context, every side effect in an activity.
/// </summary>
public static class PolicyChangeOrchestration
{
    public static async Task<PolicyChangeResult> RunAsync(TaskOrchestrationContext context, PolicyChangeInput change)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(change);
        int sequence = await context.CallActivityAsync<int>(
            WorkflowNames.RecordPolicyProposal, new PolicyChangeStep(change, -1, 1, context.CurrentUtcDateTime), ReleaseOrchestration.Retry);
        var closed = new List<TierClosed>();
        for (var tier = 0; tier < change.Chain.Tiers.Count; tier++)
        {
            TierClosed result = await RunTierAsync(context, change, change.Chain.Tiers[tier], tier, sequence);
            closed.Add(result);
            sequence = result.NextSequence;
            if (result.Status != TierStatus.Approved)
            {
                break;
            }
        }

        return await context.CallActivityAsync<PolicyChangeResult>(
            WorkflowNames.FinishPolicyChange, new PolicyChangeFinish(change, sequence, context.CurrentUtcDateTime, closed), ReleaseOrchestration.Retry);
    }

    private static Task<TierClosed> RunTierAsync(TaskOrchestrationContext context, PolicyChangeInput change, ApprovalTier tier, int index, int sequence) =>
        TierWait.RunAsync(
            context,
            tier,
            index,
            sequence,
            at => context.CallActivityAsync<TierOpened>(WorkflowNames.OpenPolicyTier, new PolicyChangeStep(change, index, at, context.CurrentUtcDateTime), ReleaseOrchestration.Retry),
            (kind, at) => context.CallActivityAsync<TierProgress>(
                kind switch
                {
                    TierPointKind.Reminder => WorkflowNames.RemindPolicyApprovers,
                    TierPointKind.Escalation => WorkflowNames.EscalatePolicyTier,
                    _ => WorkflowNames.CheckPolicyTier,
                },
                new PolicyChangeStep(change, index, at, context.CurrentUtcDateTime),
                ReleaseOrchestration.Retry),
            (ending, at) => CloseAsync(context, change, index, at, ending));

    private static Task<TierClosed> CloseAsync(TaskOrchestrationContext context, PolicyChangeInput change, int index, int sequence, TierEnding ending) =>
        context.CallActivityAsync<TierClosed>(
            WorkflowNames.ClosePolicyTier,
            new PolicyTierClosing(new PolicyChangeStep(change, index, sequence, context.CurrentUtcDateTime), ending),
            ReleaseOrchestration.Retry);
}
