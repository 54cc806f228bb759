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

    private static async Task<TierClosed> RunTierAsync(TaskOrchestrationContext context, ApprovalRequest request, ApprovalTier tier, int index, int sequence)
    {
        // Listen before anything can answer: the event may arrive while the tier's mails are still going out.
        Task<TierDecided> decided = context.WaitForExternalEvent<TierDecided>(TierDecided.EventName(index));
        TierOpened opened = await context.CallActivityAsync<TierOpened>(
            WorkflowNames.OpenApprovalTier, new TierStep(request, index, sequence, context.CurrentUtcDateTime), ReleaseOrchestration.Retry);
        sequence = opened.NextSequence;
        bool canGrow = tier.Sla.EscalateTo is not null || tier.Timeout.Outcome == TimeoutOutcome.Escalate;
        if (!opened.QuorumReachable && !canGrow)
        {
            return await CloseAsync(context, request, index, sequence, TierEnding.Unreachable);
        }

        List<TierPoint> points = [.. TierTimeline.For(tier, opened.OpenedAt)];
        var extended = false;
        for (var next = 0; next < points.Count; next++)
        {
            TierPoint point = points[next];
            using var cancelTimer = new CancellationTokenSource();
            Task timer = context.CreateTimer(point.At, cancelTimer.Token);
            if (await Task.WhenAny(decided, timer) == decided)
            {
                cancelTimer.Cancel();
                return await CloseAsync(context, request, index, sequence, TierEnding.Decided);
            }

            var step = new TierStep(request, index, sequence, context.CurrentUtcDateTime);
            TierProgress progress = point.Kind switch
            {
                TierPointKind.Reminder => await context.CallActivityAsync<TierProgress>(WorkflowNames.RemindApprovers, step, ReleaseOrchestration.Retry),
                TierPointKind.Escalation => await context.CallActivityAsync<TierProgress>(WorkflowNames.EscalateApprovalTier, step, ReleaseOrchestration.Retry),
                _ => await context.CallActivityAsync<TierProgress>(WorkflowNames.CheckApprovalTier, step, ReleaseOrchestration.Retry),
            };
            sequence = progress.NextSequence;
            if (progress.Status != TierStatus.Open)
            {
                return await CloseAsync(context, request, index, sequence, TierEnding.Decided);
            }

            if (point.Kind == TierPointKind.Timeout && tier.Timeout.Outcome == TimeoutOutcome.Escalate && !extended)
            {
                // The policy's "escalate" timeout: escalate (once) and give the tier one more timeout period.
                extended = true;
                progress = await context.CallActivityAsync<TierProgress>(
                    WorkflowNames.EscalateApprovalTier, step with { Sequence = sequence }, ReleaseOrchestration.Retry);
                sequence = progress.NextSequence;
                if (progress.Status != TierStatus.Open)
                {
                    return await CloseAsync(context, request, index, sequence, TierEnding.Decided);
                }

                points.Add(new TierPoint(TierTimeline.NotBefore(context.CurrentUtcDateTime + tier.Timeout.After), TierPointKind.Timeout));
            }
        }

        return await CloseAsync(context, request, index, sequence, TierEnding.Deadline);
    }

    private static Task<TierClosed> CloseAsync(TaskOrchestrationContext context, ApprovalRequest request, int index, int sequence, TierEnding ending) =>
        context.CallActivityAsync<TierClosed>(
            WorkflowNames.CloseApprovalTier,
            new TierClosing(new TierStep(request, index, sequence, context.CurrentUtcDateTime), ending),
            ReleaseOrchestration.Retry);
}
