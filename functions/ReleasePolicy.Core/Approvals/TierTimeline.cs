using ReleasePolicy.Policy;

namespace ReleasePolicy.Approvals;

public enum TierPointKind
{
    Reminder,
    Escalation,
    Timeout,
}

/// <summary>A moment the waiting orchestration wakes up at, measured from the tier's opening.</summary>
public sealed record TierPoint(DateTime At, TierPointKind Kind);

/// <summary>A tier's reminders, escalation and timeout as absolute times, in order; the timeout is always last.</summary>
public static class TierTimeline
{
    public static IReadOnlyList<TierPoint> For(ApprovalTier tier, DateTime openedAt)
    {
        ArgumentNullException.ThrowIfNull(tier);
        var points = new List<TierPoint>();
        DateTime deadline = NotBefore(openedAt + tier.Timeout.After);
        foreach (TimeSpan reminder in tier.Sla.Reminders)
        {
            if (openedAt + reminder < deadline)
            {
                points.Add(new TierPoint(NotBefore(openedAt + reminder), TierPointKind.Reminder));
            }
        }

        if (tier.Sla.EscalateAfter is { } escalate && tier.Sla.EscalateTo is not null && openedAt + escalate < deadline)
        {
            points.Add(new TierPoint(NotBefore(openedAt + escalate), TierPointKind.Escalation));
        }

        // Stable order: at equal times a reminder goes before the escalation, so the escalation's mail is the last word.
        List<TierPoint> ordered = points.OrderBy(p => p.At).ThenBy(p => p.Kind).ToList();
        ordered.Add(new TierPoint(deadline, TierPointKind.Timeout));
        return ordered;
    }

    /// <summary>
    /// Durable timers keep whole seconds and may fire up to a second before a time with a fraction: rounding up to the
    /// next whole second means a deadline is never early (at most a second late).
    /// </summary>
    public static DateTime NotBefore(DateTime at)
    {
        long fraction = at.Ticks % TimeSpan.TicksPerSecond;
        return fraction == 0 ? at : at.AddTicks(TimeSpan.TicksPerSecond - fraction);
    }
}
