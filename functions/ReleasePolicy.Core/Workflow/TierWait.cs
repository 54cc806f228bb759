using Microsoft.DurableTask;
using ReleasePolicy.Approvals;
using ReleasePolicy.Policy;

namespace ReleasePolicy.Workflow;

/// <summary>
/// How an orchestration waits on one approval tier, for a release or a policy change alike: open it, then race the
/// tally's "decided" event against durable timers for each reminder, the escalation and the timeout; every wake-up
/// also reads the tally (a decision whose event was lost is still found). The caller supplies the activities.
/// Deterministic: times come from the context.
/// </summary>
internal static class TierWait
{
    /// <param name="open">Opens the tier at the given evidence sequence.</param>
    /// <param name="act">What a wake-up does: remind, escalate, or (at the timeout) read the tally.</param>
    /// <param name="close">Closes the tier the given way at the given sequence.</param>
    public static async Task<TierClosed> RunAsync(
        TaskOrchestrationContext context,
        ApprovalTier tier,
        int index,
        int sequence,
        Func<int, Task<TierOpened>> open,
        Func<TierPointKind, int, Task<TierProgress>> act,
        Func<TierEnding, int, Task<TierClosed>> close)
    {
        // Listen before anything can answer: the event may arrive while the tier's mails are still going out.
        Task<TierDecided> decided = context.WaitForExternalEvent<TierDecided>(TierDecided.EventName(index));
        TierOpened opened = await open(sequence);
        sequence = opened.NextSequence;
        bool canGrow = tier.Sla.EscalateTo is not null || tier.Timeout.Outcome == TimeoutOutcome.Escalate;
        if (!opened.QuorumReachable && !canGrow)
        {
            return await close(TierEnding.Unreachable, sequence);
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
                return await close(TierEnding.Decided, sequence);
            }

            TierProgress progress = await act(point.Kind, sequence);
            sequence = progress.NextSequence;
            if (progress.Status != TierStatus.Open)
            {
                return await close(TierEnding.Decided, sequence);
            }

            if (point.Kind == TierPointKind.Timeout && tier.Timeout.Outcome == TimeoutOutcome.Escalate && !extended)
            {
                // The policy's "escalate" timeout: escalate (once) and give the tier one more timeout period.
                extended = true;
                progress = await act(TierPointKind.Escalation, sequence);
                sequence = progress.NextSequence;
                if (progress.Status != TierStatus.Open)
                {
                    return await close(TierEnding.Decided, sequence);
                }

                points.Add(new TierPoint(TierTimeline.NotBefore(context.CurrentUtcDateTime + tier.Timeout.After), TierPointKind.Timeout));
            }
        }

        return await close(TierEnding.Deadline, sequence);
    }
}
