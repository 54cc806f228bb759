using Azure;
using Azure.Data.Tables;
using ReleasePolicy.Storage;

namespace ReleasePolicy.Calendar.Store;

/// <summary>
/// The release calendar in one partition of an Azure Table, so that a booking is one entity-group transaction:
/// <list type="bullet">
/// <item>a head row per lane (<c>head|{lane}</c>), rewritten by every change in the lane and matched by ETag: the
/// commit holds only if no lane changed since the search read it;</item>
/// <item>a row per lane and booking (<c>{lane}|{startTicks:D19}|{releaseId}</c>), so a time range is a key range;</item>
/// <item>a row per release (<c>release|{releaseId}</c>): attempt, status, booking and the decision that chose it.</item>
/// </list>
/// A commit that loses the race (412/409) reads again and searches again, a bounded number of times with jittered pauses.
/// </summary>
public sealed class TableCalendarStore : ICalendarStore
{
    /// <summary>The most actions an entity-group transaction may hold.</summary>
    internal const int MaxTransactionActions = 100;

    private readonly TableOnFirstUse table;
    private readonly CalendarOptions options;

    public TableCalendarStore(TableClient table, CalendarOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        this.table = new TableOnFirstUse(table);
        this.options = options ?? new CalendarOptions();
    }

    public async Task<Booking?> GetBookingAsync(string releaseId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(releaseId);
        TableClient client = await this.table.GetAsync(cancellationToken).ConfigureAwait(false);
        StoredRelease? stored = await ReadReleaseAsync(client, releaseId, cancellationToken).ConfigureAwait(false);
        return stored is { IsBooked: true } ? stored.Booking : null;
    }

    public async Task<BookingOutcome> BookAsync(BookingAttempt attempt, Func<IBookingTimeline, SlotDecision> search, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(search);
        SlotRequest request = attempt.Request;
        TableClient client = await this.table.GetAsync(cancellationToken).ConfigureAwait(false);
        for (var round = 1; ; round++)
        {
            StoredRelease? stored = await ReadReleaseAsync(client, request.ReleaseId, cancellationToken).ConfigureAwait(false);

            // This attempt (or a later one: a stale retry) already holds its slot or was cancelled: replay, write nothing.
            if (stored is not null && stored.Attempt >= attempt.Attempt && (stored.IsBooked || stored.Status == CalendarRows.Cancelled))
            {
                return new BookingOutcome(stored.IsBooked ? stored.Booking : null, stored.Decision, Replayed: true);
            }

            Booking? previous = stored is { IsBooked: true } ? stored.Booking : null;
            CheckTransactionSize(request, previous);
            LaneSnapshot snapshot = await ReadSnapshotAsync(client, request.Lanes, attempt.SearchRange, cancellationToken).ConfigureAwait(false);
            SlotDecision decision = search(snapshot.Timeline);
            if (decision.Slot is not { } slot)
            {
                return new BookingOutcome(null, decision, Replayed: false);
            }

            CheckSlot(attempt, slot, snapshot.Timeline);
            var booking = new Booking(request.ReleaseId, request.Environment, request.Service, request.Resources, slot.Start, slot.End, attempt.Attempt);
            try
            {
                await client.SubmitTransactionAsync(BookingActions(booking, snapshot, stored, decision), cancellationToken).ConfigureAwait(false);
                return new BookingOutcome(booking, decision, Replayed: false);
            }
            catch (RequestFailedException ex) when (IsLostRace(ex))
            {
                if (round >= this.options.MaxBookingAttempts)
                {
                    throw new InvalidOperationException(
                        $"Release {request.ReleaseId} could not book: its lanes kept changing during {round} attempts.", ex);
                }

                await Task.Delay(this.RetryDelay(round), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task CancelAsync(string releaseId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(releaseId);
        TableClient client = await this.table.GetAsync(cancellationToken).ConfigureAwait(false);
        for (var round = 1; ; round++)
        {
            StoredRelease? stored = await ReadReleaseAsync(client, releaseId, cancellationToken).ConfigureAwait(false);
            if (stored is not { IsBooked: true, Booking: { } booking })
            {
                return; // Never booked, or cancelled already.
            }

            // The lane rows go, their heads change (so a search that saw this booking searches again and may find the
            // freed slot), and the release row keeps the booking for the record, marked cancelled.
            var actions = new List<TableTransactionAction>
            {
                new(TableTransactionActionType.UpdateReplace, CalendarRows.Release(releaseId, stored.Attempt, CalendarRows.Cancelled, booking, stored.Decision), stored.ETag),
            };
            foreach (string lane in booking.Lanes)
            {
                actions.Add(new(TableTransactionActionType.Delete, new TableEntity(CalendarKeys.BookingsPartition, CalendarKeys.LaneRow(lane, booking.Start, releaseId)), ETag.All));
                actions.Add(new(TableTransactionActionType.UpsertMerge, new TableEntity(CalendarKeys.BookingsPartition, CalendarKeys.Head(lane)) { ["Lane"] = lane }));
            }

            try
            {
                await client.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException ex) when (IsLostRace(ex))
            {
                if (round >= this.options.MaxBookingAttempts)
                {
                    throw new InvalidOperationException($"Release {releaseId} could not be cancelled: its booking kept changing during {round} attempts.", ex);
                }

                await Task.Delay(this.RetryDelay(round), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task<IReadOnlyList<Booking>> ListAsync(TimeRange range, string? environment, string? service, CancellationToken cancellationToken = default)
    {
        TableClient client = await this.table.GetAsync(cancellationToken).ConfigureAwait(false);

        // Every booking has exactly one service lane row, so listing service lanes lists each booking once.
        (string from, string to) = CalendarKeys.ServiceLanes(environment);
        string filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {CalendarKeys.BookingsPartition} and RowKey ge {from} and RowKey lt {to} and Start lt {range.End} and End gt {range.Start}");
        if (service is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Service eq {service}");
        }

        var bookings = new List<Booking>();
        await foreach (TableEntity entity in client.QueryAsync<TableEntity>(filter, select: ["Booking"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            Booking booking = CalendarRows.ReadBooking(entity);
            if (booking.Range.Overlaps(range))
            {
                bookings.Add(booking);
            }
        }

        return [.. bookings.OrderBy(b => b.Start).ThenBy(b => b.ReleaseId, StringComparer.Ordinal)];
    }

    public async Task<IBookingTimeline> TimelineAsync(IReadOnlyList<string> lanes, TimeRange range, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lanes);
        TableClient client = await this.table.GetAsync(cancellationToken).ConfigureAwait(false);
        LaneSnapshot snapshot = await ReadSnapshotAsync(client, lanes, range, cancellationToken).ConfigureAwait(false);
        return snapshot.Timeline;
    }

    private static async Task<StoredRelease?> ReadReleaseAsync(TableClient client, string releaseId, CancellationToken cancellationToken)
    {
        NullableResponse<TableEntity> response = await client.GetEntityIfExistsAsync<TableEntity>(
            CalendarKeys.BookingsPartition, CalendarKeys.Release(releaseId), cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue && response.Value is { } entity ? CalendarRows.ReadRelease(entity) : null;
    }

    /// <summary>
    /// The lanes' heads, then their bookings that may overlap <paramref name="range"/>. Heads are read first: a booking
    /// committed after that changes a head, so a commit based on this snapshot fails and searches again.
    /// </summary>
    private static async Task<LaneSnapshot> ReadSnapshotAsync(TableClient client, IReadOnlyList<string> lanes, TimeRange range, CancellationToken cancellationToken)
    {
        var heads = new Dictionary<string, TableEntity?>(StringComparer.Ordinal);
        foreach (string lane in lanes)
        {
            NullableResponse<TableEntity> head = await client.GetEntityIfExistsAsync<TableEntity>(
                CalendarKeys.BookingsPartition, CalendarKeys.Head(lane), cancellationToken: cancellationToken).ConfigureAwait(false);
            heads[lane] = head.HasValue ? head.Value : null;
        }

        var bookings = new Dictionary<string, Booking>(StringComparer.Ordinal);
        foreach ((string lane, TableEntity? head) in heads)
        {
            if (head is null)
            {
                continue; // Never booked: a lane's rows are only ever written with its head.
            }

            // Reach back by the longest booking the lane has held: anything starting earlier ended before the range.
            string from = CalendarKeys.LaneAt(lane, range.Start.UtcTicks - CalendarRows.Longest(head).Ticks);
            string to = CalendarKeys.LaneAt(lane, range.End.UtcTicks);
            string filter = TableClient.CreateQueryFilter($"PartitionKey eq {CalendarKeys.BookingsPartition} and RowKey ge {from} and RowKey lt {to}");
            await foreach (TableEntity row in client.QueryAsync<TableEntity>(filter, select: ["Booking"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                Booking booking = CalendarRows.ReadBooking(row);
                bookings.TryAdd(booking.ReleaseId, booking);
            }
        }

        return new LaneSnapshot(heads, new BookingTimeline(bookings.Values));
    }

    /// <summary>
    /// Heads (insert when new, else replace if unchanged), the new lane rows, the previous attempt's lane rows removed
    /// (replaced in place when the slot did not move), and the release row (insert, or replace if unchanged).
    /// </summary>
    private static List<TableTransactionAction> BookingActions(Booking booking, LaneSnapshot snapshot, StoredRelease? stored, SlotDecision decision)
    {
        var actions = new List<TableTransactionAction>();
        foreach (string lane in booking.Lanes)
        {
            TableEntity? head = snapshot.Heads[lane];
            TimeSpan longest = head is null ? booking.Range.Length : TimeSpan.FromTicks(Math.Max(CalendarRows.Longest(head).Ticks, booking.Range.Length.Ticks));
            actions.Add(head is null
                ? new(TableTransactionActionType.Add, CalendarRows.Head(lane, longest))
                : new(TableTransactionActionType.UpdateReplace, CalendarRows.Head(lane, longest), head.ETag));
        }

        Booking? previous = stored is { IsBooked: true } ? stored.Booking : null;
        var previousKeys = new HashSet<string>(
            previous?.Lanes.Select(lane => CalendarKeys.LaneRow(lane, previous.Start, previous.ReleaseId)) ?? [], StringComparer.Ordinal);
        var newKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (string lane in booking.Lanes)
        {
            TableEntity row = CalendarRows.LaneRow(lane, booking);
            newKeys.Add(row.RowKey);

            // A transaction may touch each row once: a row the previous attempt already has is replaced, not deleted and added.
            actions.Add(previousKeys.Contains(row.RowKey)
                ? new(TableTransactionActionType.UpdateReplace, row, ETag.All)
                : new(TableTransactionActionType.Add, row));
        }

        foreach (string key in previousKeys.Where(key => !newKeys.Contains(key)))
        {
            actions.Add(new(TableTransactionActionType.Delete, new TableEntity(CalendarKeys.BookingsPartition, key), ETag.All));
        }

        TableEntity release = CalendarRows.Release(booking.ReleaseId, booking.Attempt, CalendarRows.Booked, booking, decision);
        actions.Add(stored is null
            ? new(TableTransactionActionType.Add, release)
            : new(TableTransactionActionType.UpdateReplace, release, stored.ETag));
        return actions;
    }

    // Heads + lane rows + previous lane rows + release row; checked before anything is read or written.
    private static void CheckTransactionSize(SlotRequest request, Booking? previous)
    {
        int actions = (2 * request.Lanes.Count) + (previous?.Lanes.Count ?? 0) + 1;
        if (actions > MaxTransactionActions)
        {
            throw new ArgumentException(
                $"Release {request.ReleaseId} holds {request.Resources.Count} shared resources: its booking would need {actions} table actions in one transaction, more than {MaxTransactionActions}.",
                nameof(request));
        }
    }

    // The store, not the search, guarantees the calendar: a slot outside the snapshot or on top of a booking is a bug.
    private static void CheckSlot(BookingAttempt attempt, TimeRange slot, IBookingTimeline timeline)
    {
        if (slot.End < slot.Start || !attempt.SearchRange.Covers(slot))
        {
            throw new InvalidOperationException($"The search chose {slot.Start:O}..{slot.End:O}, outside its range {attempt.SearchRange.Start:O}..{attempt.SearchRange.End:O}.");
        }

        if (timeline.LatestOverlapping(attempt.Request.Lanes, slot, attempt.Request.ReleaseId) is { } clash)
        {
            throw new InvalidOperationException($"The search chose {slot.Start:O}..{slot.End:O} for {attempt.Request.ReleaseId}, which overlaps {clash.ReleaseId}.");
        }
    }

    // 412: a head or the release row changed; 409: a head or row was inserted meanwhile; 404: a previous lane row went.
    private static bool IsLostRace(RequestFailedException ex) => ex.Status is 409 or 412 or 404;

    private TimeSpan RetryDelay(int round)
    {
        double ceiling = Math.Min(this.options.MaxRetryDelay.TotalMilliseconds, 10 * Math.Pow(2, Math.Min(round, 20)));
#pragma warning disable CA5394 // Jitter spreads retries; it needs no unpredictability.
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
#pragma warning restore CA5394
    }

    private sealed record LaneSnapshot(IReadOnlyDictionary<string, TableEntity?> Heads, IBookingTimeline Timeline);
}
