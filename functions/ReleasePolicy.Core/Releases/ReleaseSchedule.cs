namespace ReleasePolicy.Releases;

/// <summary>
/// The release's place on the calendar as status queries show it: the slot it holds now and every change of slot
/// (the first booking, then each reschedule with its reason).
/// </summary>
/// <param name="Attempt">0 for the first booking, one more per reschedule.</param>
public sealed record ReleaseSchedule(DateTimeOffset PlannedStart, DateTimeOffset PlannedEnd, int Attempt, IReadOnlyList<ScheduleChange> History)
{
    /// <summary>This schedule after booking <paramref name="change"/>; a retried booking replaces its own attempt's entry.</summary>
    public static ReleaseSchedule After(ReleaseSchedule? previous, ScheduleChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        IEnumerable<ScheduleChange> kept = previous?.History.Where(h => h.Attempt != change.Attempt) ?? [];
        return new ReleaseSchedule(change.Start, change.End, change.Attempt, [.. kept, change]);
    }
}

/// <summary>One booking of the release: when it was made, the slot, and why (the first booking, or the failed check that moved it).</summary>
public sealed record ScheduleChange(int Attempt, DateTimeOffset Start, DateTimeOffset End, string Reason, DateTimeOffset BookedAt);
