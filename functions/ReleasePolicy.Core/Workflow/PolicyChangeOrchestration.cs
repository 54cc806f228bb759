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

    private static async Task<TierClosed> RunTierAsync(TaskOrchestrationContext context, PolicyChangeInput change, ApprovalTier tier, int index, int sequence)
    {
        // Listen before anything can answer: the event may arrive while the tier's mails are still going out.
        Task<TierDecided> decided = context.WaitForExternalEvent<TierDecided>(TierDecided.EventName(index));
        TierOpened opened = await context.CallActivityAsync<TierOpened>(
            WorkflowNames.OpenPolicyTier, new PolicyChangeStep(change, index, sequence, context.CurrentUtcDateTime), ReleaseOrchestration.Retry);
        sequence = opened.NextSequence;
        if (!opened.QuorumReachable && tier.Sla.EscalateTo is null && tier.Timeout.Outcome != TimeoutOutcome.Escalate)
        {
            return await CloseAsync(context, change, index, sequence, TierEnding.Unreachable);
        }

        List<TierPoint> points = [.. TierTimeline.For(tier, opened.OpenedAt)];
        var extended = false;
        for (var next = 0; next < points.Count; next++)
        {
            using var cancelTimer = new CancellationTokenSource();
            Task timer = context.CreateTimer(points[next].At, cancelTimer.Token);
            if (await Task.WhenAny(decided, timer) == decided)
            {
                cancelTimer.Cancel();
                return await CloseAsync(context, change, index, sequence, TierEnding.Decided);
            }

            var step = new PolicyChangeStep(change, index, sequence, context.CurrentUtcDateTime);
            TierProgress progress = points[next].Kind switch
            {
                TierPointKind.Reminder => await context.CallActivityAsync<TierProgress>(WorkflowNames.RemindPolicyApprovers, step, ReleaseOrchestration.Retry),
                TierPointKind.Escalation => await context.CallActivityAsync<TierProgress>(WorkflowNames.EscalatePolicyTier, step, ReleaseOrchestration.Retry),
                _ => await context.CallActivityAsync<TierProgress>(WorkflowNames.CheckPolicyTier, step, ReleaseOrchestration.Retry),
            };
            sequence = progress.NextSequence;
            if (progress.Status != TierStatus.Open)
            {
                return await CloseAsync(context, change, index, sequence, TierEnding.Decided);
            }

            if (points[next].Kind == TierPointKind.Timeout && tier.Timeout.Outcome == TimeoutOutcome.Escalate && !extended)
            {
                // The policy's "escalate" timeout: escalate (once) and give the tier one more timeout period.
                extended = true;
                progress = await context.CallActivityAsync<TierProgress>(WorkflowNames.EscalatePolicyTier, step with { Sequence = sequence }, ReleaseOrchestration.Retry);
                sequence = progress.NextSequence;
                if (progress.Status != TierStatus.Open)
                {
                    return await CloseAsync(context, change, index, sequence, TierEnding.Decided);
                }

                points.Add(new TierPoint(context.CurrentUtcDateTime + tier.Timeout.After, TierPointKind.Timeout));
            }
        }

        return await CloseAsync(context, change, index, sequence, TierEnding.Deadline);
    }

    private static Task<TierClosed> CloseAsync(TaskOrchestrationContext context, PolicyChangeInput change, int index, int sequence, TierEnding ending) =>
        context.CallActivityAsync<TierClosed>(
            WorkflowNames.ClosePolicyTier,
            new PolicyTierClosing(new PolicyChangeStep(change, index, sequence, context.CurrentUtcDateTime), ending),
            ReleaseOrchestration.Retry);
}
