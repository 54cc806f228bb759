using ReleasePolicy.Calendar;

namespace ReleasePolicy.Workflow.Tests;

/// <summary>
/// The calendar for orchestration tests: one lock instead of ETags (the table store's concurrency has its own tests
/// on Azurite), a linear timeline (the engine's indexed one has its own tests).
/// </summary>
internal sealed class InMemoryCalendarStore : ICalendarStore
{
    private readonly object gate = new();
    private readonly Dictionary<string, (Booking Booking, SlotDecision Decision, bool Cancelled)> byRelease = new(StringComparer.Ordinal);

    public Task<Booking?> GetBookingAsync(string releaseId, CancellationToken cancellationToken = default)
    {
        lock (this.gate)
        {
            return Task.FromResult(this.byRelease.TryGetValue(releaseId, out var held) && !held.Cancelled ? held.Booking : null);
        }
    }

    public Task<BookingOutcome> BookAsync(BookingAttempt attempt, Func<IBookingTimeline, SlotDecision> search, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(search);
        lock (this.gate)
        {
            if (this.byRelease.TryGetValue(attempt.Request.ReleaseId, out var held) && held.Booking.Attempt == attempt.Attempt && !held.Cancelled)
            {
                return Task.FromResult(new BookingOutcome(held.Booking, held.Decision, Replayed: true));
            }

            SlotDecision decision = search(new LinearTimeline(this.Active().Where(b => b.ReleaseId != attempt.Request.ReleaseId).ToList()));
            if (decision.Slot is not { } slot)
            {
                return Task.FromResult(new BookingOutcome(null, decision, Replayed: false));
            }

            var booking = new Booking(attempt.Request.ReleaseId, attempt.Request.Environment, attempt.Request.Service, attempt.Request.Resources, slot.Start, slot.End, attempt.Attempt);
            this.byRelease[booking.ReleaseId] = (booking, decision, false);
            return Task.FromResult(new BookingOutcome(booking, decision, Replayed: false));
        }
    }

    public Task CancelAsync(string releaseId, CancellationToken cancellationToken = default)
    {
        lock (this.gate)
        {
            if (this.byRelease.TryGetValue(releaseId, out var held))
            {
                this.byRelease[releaseId] = held with { Cancelled = true };
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<Booking>> ListAsync(TimeRange range, string? environment, string? service, CancellationToken cancellationToken = default)
    {
        lock (this.gate)
        {
            IReadOnlyList<Booking> found = [.. this.Active()
                .Where(b => b.Range.Overlaps(range) && (environment is null || b.Environment == environment) && (service is null || b.Service == service))
                .OrderBy(b => b.Start)];
            return Task.FromResult(found);
        }
    }

    public Task<IBookingTimeline> TimelineAsync(IReadOnlyList<string> lanes, TimeRange range, CancellationToken cancellationToken = default)
    {
        lock (this.gate)
        {
            return Task.FromResult<IBookingTimeline>(new LinearTimeline(this.Active().ToList()));
        }
    }

    private IEnumerable<Booking> Active() => this.byRelease.Values.Where(v => !v.Cancelled).Select(v => v.Booking);

    private sealed class LinearTimeline(IReadOnlyList<Booking> bookings) : IBookingTimeline
    {
        public Booking? LatestOverlapping(IReadOnlyList<string> lanes, TimeRange range, string? excludeRelease) =>
            bookings
                .Where(b => b.ReleaseId != excludeRelease && b.Range.Overlaps(range) && b.Lanes.Intersect(lanes, StringComparer.Ordinal).Any())
                .MaxBy(b => b.End);

        public IReadOnlyList<Booking> Overlapping(TimeRange range) => [.. bookings.Where(b => b.Range.Overlaps(range)).OrderBy(b => b.Start)];
    }
}

/// <summary>Ad-hoc freezes for orchestration tests.</summary>
internal sealed class InMemoryFreezeStore : IFreezeStore
{
    private readonly List<AdHocFreeze> freezes = [];

    public Task AddAsync(AdHocFreeze freeze, CancellationToken cancellationToken = default)
    {
        lock (this.freezes)
        {
            this.freezes.Add(freeze);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AdHocFreeze>> ListAsync(TimeRange range, CancellationToken cancellationToken = default)
    {
        lock (this.freezes)
        {
            IReadOnlyList<AdHocFreeze> found = [.. this.freezes.Where(f => f.Range.Overlaps(range))];
            return Task.FromResult(found);
        }
    }
}
