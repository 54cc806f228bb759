namespace ReleasePolicy.Calendar;

/// <summary>
/// The one release calendar. Booking is atomic and concurrency-safe: no two bookings that share a lane ever overlap,
/// whatever number of orchestrations book at once; a release's booking for a given attempt is idempotent.
/// </summary>
public interface ICalendarStore
{
    /// <summary>The release's current booking, or null.</summary>
    Task<Booking?> GetBookingAsync(string releaseId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Books the earliest slot <paramref name="search"/> finds against a consistent snapshot of the lanes' bookings in
    /// <see cref="BookingAttempt.SearchRange"/>. The commit is conditional on that snapshot (lane heads' ETags), so a
    /// concurrent booking makes this one search again. If the release already holds a booking for this attempt, that
    /// booking and its stored decision come back (<see cref="BookingOutcome.Replayed"/>) and nothing is written; a
    /// booking for an earlier attempt is replaced in the same transaction (a reschedule). When the search finds no slot,
    /// nothing is written.
    /// </summary>
    Task<BookingOutcome> BookAsync(BookingAttempt attempt, Func<IBookingTimeline, SlotDecision> search, CancellationToken cancellationToken = default);

    /// <summary>Frees the release's slot (it will not deploy); the release keeps a cancelled record. Idempotent.</summary>
    Task CancelAsync(string releaseId, CancellationToken cancellationToken = default);

    /// <summary>The bookings overlapping <paramref name="range"/>, optionally of one environment and/or service, by start.</summary>
    Task<IReadOnlyList<Booking>> ListAsync(TimeRange range, string? environment, string? service, CancellationToken cancellationToken = default);

    /// <summary>A timeline of the lanes' bookings overlapping <paramref name="range"/> (for slot listings that book nothing).</summary>
    Task<IBookingTimeline> TimelineAsync(IReadOnlyList<string> lanes, TimeRange range, CancellationToken cancellationToken = default);
}

/// <param name="Attempt">0 for the first booking, then one more per reschedule.</param>
/// <param name="SearchRange">From the request's not-before to the search horizon.</param>
public sealed record BookingAttempt(SlotRequest Request, int Attempt, TimeRange SearchRange);

/// <param name="Booking">The booking held, or null when the search found no slot.</param>
/// <param name="Decision">The search's decision (stored with the booking, so a replay returns the same one).</param>
/// <param name="Replayed">The booking already existed for this attempt: nothing was written.</param>
public sealed record BookingOutcome(Booking? Booking, SlotDecision Decision, bool Replayed);

/// <summary>Ad-hoc freezes added by operators at run time.</summary>
public interface IFreezeStore
{
    /// <summary>Adds a freeze (create-only by id; the same freeze again is a no-op, a different one with the same id a conflict).</summary>
    Task AddAsync(AdHocFreeze freeze, CancellationToken cancellationToken = default);

    /// <summary>Ad-hoc freezes overlapping <paramref name="range"/>.</summary>
    Task<IReadOnlyList<AdHocFreeze>> ListAsync(TimeRange range, CancellationToken cancellationToken = default);
}

/// <summary>Section <c>ReleasePolicy:Calendar</c>.</summary>
public sealed class CalendarOptions
{
    /// <summary>The Azure Table holding bookings, lane heads and ad-hoc freezes.</summary>
    public string Table { get; set; } = "calendar";

    /// <summary>
    /// How many times a booking searches and commits before giving up while other bookings keep changing its lanes.
    /// Each lost commit means another booking won, so the calendar as a whole always progresses.
    /// </summary>
    public int MaxBookingAttempts { get; set; } = 100;

    /// <summary>The longest jittered pause between booking attempts (the pause grows from 10 ms to this).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(1);
}
