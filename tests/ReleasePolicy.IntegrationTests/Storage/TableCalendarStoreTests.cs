using System.Text.Json;
using Azure.Data.Tables;
using ReleasePolicy.Calendar;
using ReleasePolicy.Calendar.Store;
using ReleasePolicy.IntegrationTests.Infrastructure;
using ReleasePolicy.Policy;

namespace ReleasePolicy.IntegrationTests.Storage;

/// <summary>
/// The release calendar on Azurite: bookings, replays, reschedules, cancellation, range queries, and the concurrency
/// proof (many bookers at once never overlap in a lane), checked by reading the table raw, not through the store.
/// </summary>
public sealed class TableCalendarStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan HalfHour = TimeSpan.FromMinutes(30);
    private static readonly TimeRange Horizon = new(T0, T0.AddDays(90));

    [Fact]
    public async Task BookAsync_FreeLane_WritesHeadsLaneRowsAndReleaseRow()
    {
        (TableCalendarStore store, TableClient table) = await NewStoreAsync();
        SlotRequest request = Request("rel-a", "payments-api", resources: ["payments-db"]);

        BookingOutcome outcome = await store.BookAsync(Attempt(request), CalendarTestSearch.EarliestFree(request));

        Assert.False(outcome.Replayed);
        Assert.Equal(new TimeRange(T0, T0 + HalfHour), outcome.Booking!.Range);
        string[] keys = [.. (await RawAsync(table)).Select(e => e.RowKey).Order(StringComparer.Ordinal)];
        Assert.Equal(
            [
                "head|res:payments-db",
                "head|svc:production:payments-api",
                "release|rel-a",
                "res:payments-db|" + T0.UtcTicks.ToString("D19", System.Globalization.CultureInfo.InvariantCulture) + "|rel-a",
                "svc:production:payments-api|" + T0.UtcTicks.ToString("D19", System.Globalization.CultureInfo.InvariantCulture) + "|rel-a",
            ],
            keys);
        Assert.Equal(outcome.Booking.Range, (await store.GetBookingAsync("rel-a"))!.Range);
    }

    [Fact]
    public async Task BookAsync_SameAttemptAgain_ReplaysStoredBookingAndDecisionAndWritesNothing()
    {
        (TableCalendarStore store, TableClient table) = await NewStoreAsync();
        await BookAsync(store, Request("rel-other", "payments-api"));
        SlotRequest request = Request("rel-a", "payments-api");
        BookingOutcome first = await BookAsync(store, request);
        Dictionary<string, string> before = (await RawAsync(table)).ToDictionary(e => e.RowKey, e => e.ETag.ToString());
        var searched = false;

        BookingOutcome again = await store.BookAsync(Attempt(request), timeline =>
        {
            searched = true;
            return CalendarTestSearch.EarliestFree(request)(timeline);
        });

        Assert.True(again.Replayed);
        Assert.False(searched);
        Assert.Equal(JsonSerializer.Serialize(first.Booking, JsonDefaults.Options), JsonSerializer.Serialize(again.Booking, JsonDefaults.Options));
        Assert.Equal(Json(first.Decision), Json(again.Decision));
        Assert.Single(again.Decision.Refusals);
        Assert.Equal(before, (await RawAsync(table)).ToDictionary(e => e.RowKey, e => e.ETag.ToString()));
    }

    [Fact]
    public async Task BookAsync_NextAttempt_MovesTheBookingAndRemovesTheOldLaneRows()
    {
        (TableCalendarStore store, TableClient table) = await NewStoreAsync();
        SlotRequest request = Request("rel-a", "payments-api", resources: ["payments-db"]);
        await BookAsync(store, request);
        SlotRequest later = request with { NotBefore = T0.AddDays(2) };

        BookingOutcome moved = await store.BookAsync(Attempt(later, attempt: 1), CalendarTestSearch.EarliestFree(later));

        Assert.Equal((T0.AddDays(2), 1), (moved.Booking!.Start, moved.Booking.Attempt));
        TableEntity[] laneRows = LaneRows(await RawAsync(table));
        Assert.Equal(2, laneRows.Length);
        Assert.All(laneRows, row => Assert.Equal((T0.AddDays(2), 1), (row.GetDateTimeOffset("Start")!.Value, row.GetInt32("Attempt")!.Value)));
        Assert.Equal(moved.Booking.Range, (await store.GetBookingAsync("rel-a"))!.Range);
    }

    [Fact]
    public async Task BookAsync_NextAttemptInTheSameSlot_ReplacesTheLaneRowsInPlace()
    {
        (TableCalendarStore store, TableClient table) = await NewStoreAsync();
        SlotRequest request = Request("rel-a", "payments-api");
        await BookAsync(store, request);

        // Its own booking does not block it, so the search lands on the same start: the same row keys.
        BookingOutcome again = await store.BookAsync(Attempt(request, attempt: 1), CalendarTestSearch.EarliestFree(request));

        Assert.Equal((T0, 1), (again.Booking!.Start, again.Booking.Attempt));
        TableEntity row = Assert.Single(LaneRows(await RawAsync(table)));
        Assert.Equal(1, row.GetInt32("Attempt"));
    }

    [Fact]
    public async Task BookAsync_SearchFindsNoSlot_WritesNothing()
    {
        (TableCalendarStore store, TableClient table) = await NewStoreAsync();

        BookingOutcome outcome = await store.BookAsync(Attempt(Request("rel-a", "payments-api")), CalendarTestSearch.NoSlot);

        Assert.Null(outcome.Booking);
        Assert.False(outcome.Decision.Found);
        Assert.Empty(await RawAsync(table));
    }

    [Fact]
    public async Task BookAsync_SearchChoosesAnOccupiedSlot_IsRefusedAndWritesNothing()
    {
        (TableCalendarStore store, TableClient table) = await NewStoreAsync();
        await BookAsync(store, Request("rel-a", "payments-api"));
        int before = (await RawAsync(table)).Count;
        SlotRequest request = Request("rel-b", "payments-api");

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.BookAsync(
            Attempt(request), _ => new SlotDecision(new TimeRange(T0.AddMinutes(10), T0.AddMinutes(40)), [], 0, [])));

        Assert.Equal(before, (await RawAsync(table)).Count);
    }

    [Fact]
    public async Task BookAsync_MoreResourcesThanOneTransactionHolds_IsRefusedAndWritesNothing()
    {
        (TableCalendarStore store, TableClient table) = await NewStoreAsync();
        await table.CreateIfNotExistsAsync();
        SlotRequest request = Request("rel-a", "payments-api", resources: [.. Enumerable.Range(0, 50).Select(i => $"db-{i}")]);

        await Assert.ThrowsAsync<ArgumentException>(() => store.BookAsync(Attempt(request), CalendarTestSearch.EarliestFree(request)));

        Assert.Empty(await RawAsync(table));
    }

    [Fact]
    public async Task BookAsync_ResourceNameWithKeyForbiddenCharacters_IsStoredUnderAnEscapedKey()
    {
        (TableCalendarStore store, TableClient table) = await NewStoreAsync();
        SlotRequest first = Request("rel-a", "payments-api", resources: ["db/cluster#1|x"]);
        SlotRequest second = Request("rel-b", "orders-api", resources: ["db/cluster#1|x"]);

        await BookAsync(store, first);
        BookingOutcome outcome = await BookAsync(store, second);

        Assert.Equal(T0 + HalfHour, outcome.Booking!.Start);
        Assert.Contains(await RawAsync(table), e => e.RowKey == "head|res:db%2Fcluster%231%7Cx");
    }

    [Fact]
    public async Task BookAsync_StoredDecisionLargerThanOneProperty_IsReplayedWhole()
    {
        (TableCalendarStore store, _) = await NewStoreAsync();
        SlotRequest request = Request("rel-a", "payments-api");
        SlotRefusal[] refusals = [.. Enumerable.Range(0, SlotSearch.MaxRefusalsKept).Select(i =>
            new SlotRefusal(T0.AddMinutes(i), SlotRefusalKind.Freeze, $"freeze-{i}", new string('r', 1_500), T0.AddMinutes(i + 1)))];
        var decision = new SlotDecision(new TimeRange(T0, T0 + HalfHour), refusals, 400, []);
        await store.BookAsync(Attempt(request), _ => decision);

        BookingOutcome replay = await store.BookAsync(Attempt(request), CalendarTestSearch.NoSlot);

        Assert.True(replay.Replayed);
        Assert.Equal(Json(decision), Json(replay.Decision));
    }

    [Fact]
    public async Task CancelAsync_Booked_FreesTheSlotAndKeepsACancelledRecord()
    {
        (TableCalendarStore store, TableClient table) = await NewStoreAsync();
        SlotRequest request = Request("rel-a", "payments-api", resources: ["payments-db"]);
        await BookAsync(store, request);

        await store.CancelAsync("rel-a");
        await store.CancelAsync("rel-a");
        await store.CancelAsync("rel-never-booked");
        BookingOutcome other = await BookAsync(store, Request("rel-b", "orders-api", resources: ["payments-db"]));
        BookingOutcome replay = await store.BookAsync(Attempt(request), CalendarTestSearch.EarliestFree(request));

        Assert.Null(await store.GetBookingAsync("rel-a"));
        Assert.Equal(T0, other.Booking!.Start);
        Assert.True(replay.Replayed);
        Assert.Null(replay.Booking);
        TableEntity release = Assert.Single(await RawAsync(table), e => e.RowKey == "release|rel-a");
        Assert.Equal("cancelled", release.GetString("Status"));
        Assert.DoesNotContain(await RawAsync(table), e => e.RowKey == "release|rel-never-booked");
        Assert.All(LaneRows(await RawAsync(table)), row => Assert.Equal("rel-b", row.GetString("ReleaseId")));
    }

    [Fact]
    public async Task TimelineAsync_LongBookingThatStartedBeforeTheRange_IsSeen()
    {
        (TableCalendarStore store, _) = await NewStoreAsync();
        SlotRequest longOne = Request("rel-long", "payments-api") with { Duration = TimeSpan.FromDays(5) };
        await BookAsync(store, longOne);
        await BookAsync(store, Request("rel-short", "payments-api") with { NotBefore = T0.AddDays(6) });
        string lane = BookingLanes.ServiceLane("production", "payments-api");

        IBookingTimeline timeline = await store.TimelineAsync([lane], new TimeRange(T0.AddDays(3), T0.AddDays(4)));

        Assert.Equal("rel-long", timeline.LatestOverlapping([lane], new TimeRange(T0.AddDays(3), T0.AddDays(4)), null)?.ReleaseId);
        Assert.Equal(["rel-long"], timeline.Overlapping(new TimeRange(T0.AddDays(3), T0.AddDays(4))).Select(b => b.ReleaseId));
    }

    [Fact]
    public async Task BookAsync_SharedResourceAcrossServices_ConflictsOnlyThroughTheResource()
    {
        (TableCalendarStore store, _) = await NewStoreAsync();
        await BookAsync(store, Request("rel-pay", "payments-api", resources: ["payments-db"]));

        BookingOutcome orders = await BookAsync(store, Request("rel-ord", "orders-api", resources: ["payments-db"]));
        BookingOutcome search = await BookAsync(store, Request("rel-search", "search-api"));
        BookingOutcome staging = await BookAsync(store, Request("rel-stg", "payments-api") with { Environment = "staging" });

        Assert.Equal(T0 + HalfHour, orders.Booking!.Start);
        Assert.Equal("rel-pay", Assert.Single(orders.Decision.Refusals).Subject);
        Assert.Equal(T0, search.Booking!.Start);
        Assert.Equal(T0, staging.Booking!.Start);
    }

    [Fact]
    public async Task ListAsync_FiltersByRangeEnvironmentAndService()
    {
        (TableCalendarStore store, _) = await NewStoreAsync();
        await BookAsync(store, Request("rel-pay", "payments-api", resources: ["payments-db"]));
        await BookAsync(store, Request("rel-ord", "orders-api", resources: ["payments-db"]));
        await BookAsync(store, Request("rel-stg", "payments-api") with { Environment = "staging" });
        await BookAsync(store, Request("rel-late", "payments-api") with { NotBefore = T0.AddDays(1) });

        IReadOnlyList<Booking> all = await store.ListAsync(new TimeRange(T0, T0.AddHours(2)), null, null);
        IReadOnlyList<Booking> production = await store.ListAsync(new TimeRange(T0, T0.AddHours(2)), "production", null);
        IReadOnlyList<Booking> payments = await store.ListAsync(new TimeRange(T0, T0.AddDays(2)), null, "payments-api");
        IReadOnlyList<Booking> touching = await store.ListAsync(new TimeRange(T0 + HalfHour, T0 + HalfHour + HalfHour), "production", "payments-api");

        Assert.Equal(["rel-pay", "rel-stg", "rel-ord"], all.Select(b => b.ReleaseId));
        Assert.Equal(["rel-pay", "rel-ord"], production.Select(b => b.ReleaseId));
        Assert.Equal(["rel-pay", "rel-stg", "rel-late"], payments.Select(b => b.ReleaseId));
        Assert.Empty(touching);
    }

    [Fact]
    public async Task BookAsync_LaneChangedWhileSearching_CommitFailsAndSearchesAgain()
    {
        (TableCalendarStore first, TableClient table) = await NewStoreAsync();
        var second = new TableCalendarStore(table);
        SlotRequest slow = Request("rel-slow", "payments-api");
        SlotRequest fast = Request("rel-fast", "payments-api");
        using var searching = new SemaphoreSlim(0);
        using var resume = new SemaphoreSlim(0);
        var searches = new List<IReadOnlyList<Booking>>();

        // The lane's head exists already (an earlier booking), so the stale commit is caught by its ETag, not by an insert.
        await BookAsync(second, Request("rel-earlier", "payments-api") with { NotBefore = T0.AddDays(-1) });

        Task<BookingOutcome> slowBooking = Task.Run(() => first.BookAsync(Attempt(slow), timeline =>
        {
            searches.Add(timeline.Overlapping(Horizon));
            if (searches.Count == 1)
            {
                searching.Release();
                resume.Wait();
            }

            return CalendarTestSearch.EarliestFree(slow)(timeline);
        }));
        await searching.WaitAsync();
        BookingOutcome fastOutcome = await BookAsync(second, fast);
        resume.Release();
        BookingOutcome slowOutcome = await slowBooking;

        Assert.Equal(T0, fastOutcome.Booking!.Start);
        Assert.Equal(2, searches.Count);
        Assert.Empty(searches[0]);
        Assert.Equal(["rel-fast"], searches[1].Select(b => b.ReleaseId));
        Assert.Equal(T0 + HalfHour, slowOutcome.Booking!.Start);
        CalendarTableAudit.AssertConsistent(await RawAsync(table), expectedReleases: 3);
    }

    [Fact]
    public async Task BookAsync_TwoHundredConcurrentBookersInOneLane_NeverOverlap()
    {
        (TableCalendarStore store, TableClient table) = await NewStoreAsync();
        await table.CreateIfNotExistsAsync();
        SlotRequest[] requests = [.. Enumerable.Range(0, 200).Select(i => Request($"rel-{i:D3}", "payments-api"))];

        await BookConcurrentlyAsync(store, requests);

        List<TableEntity> raw = await RawAsync(table);
        CalendarTableAudit.AssertConsistent(raw, expectedReleases: 200);
        // One lane, no gaps: the earliest-free search packs the bookings back to back.
        Assert.Equal(T0 + (200 * HalfHour), LaneRows(raw).Max(r => r.GetDateTimeOffset("End")));
    }

    [Fact]
    public async Task BookAsync_TwoHundredConcurrentBookersSharingOnlyAResource_NeverOverlap()
    {
        (TableCalendarStore store, TableClient table) = await NewStoreAsync();
        await table.CreateIfNotExistsAsync();
        SlotRequest[] requests = [.. Enumerable.Range(0, 200).Select(i => Request($"rel-{i:D3}", $"service-{i:D3}", resources: ["payments-db"]))];

        await BookConcurrentlyAsync(store, requests);

        List<TableEntity> raw = await RawAsync(table);
        CalendarTableAudit.AssertConsistent(raw, expectedReleases: 200);
        Assert.Equal(200, LaneRows(raw).Count(r => r.GetString("Lane") == "res:payments-db"));
    }

    private static async Task BookConcurrentlyAsync(TableCalendarStore store, SlotRequest[] requests)
    {
        using var start = new ManualResetEventSlim(false);
        Task<BookingOutcome>[] bookers = [.. requests.Select(request => Task.Run(async () =>
        {
            start.Wait();
            return await store.BookAsync(Attempt(request), CalendarTestSearch.EarliestFree(request));
        }))];
        start.Set();
        BookingOutcome[] outcomes = await Task.WhenAll(bookers);
        Assert.All(outcomes, outcome => Assert.NotNull(outcome.Booking));
    }

    private static async Task<BookingOutcome> BookAsync(TableCalendarStore store, SlotRequest request) =>
        await store.BookAsync(Attempt(request), CalendarTestSearch.EarliestFree(request));

    private static SlotRequest Request(string releaseId, string service, IReadOnlyList<string>? resources = null) =>
        new(releaseId, "production", service, "tier-1", ReleaseType.Minor, HalfHour, T0, resources ?? []);

    private static BookingAttempt Attempt(SlotRequest request, int attempt = 0) =>
        new(request, attempt, new TimeRange(request.NotBefore, Horizon.End));

    private static TableEntity[] LaneRows(IEnumerable<TableEntity> raw) =>
        [.. raw.Where(e => e.RowKey.StartsWith("svc:", StringComparison.Ordinal) || e.RowKey.StartsWith("res:", StringComparison.Ordinal))];

    private static string Json(SlotDecision decision) => JsonSerializer.Serialize(decision, JsonDefaults.Options);

    private static async Task<List<TableEntity>> RawAsync(TableClient table)
    {
        var rows = new List<TableEntity>();
        await foreach (TableEntity entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == "bookings"))
        {
            rows.Add(entity);
        }

        return rows;
    }

    private static async Task<(TableCalendarStore Store, TableClient Table)> NewStoreAsync()
    {
        var service = new TableServiceClient(await TestStorage.GetConnectionStringAsync());
        TableClient table = service.GetTableClient(TestNames.Unique("calendar"));
        return (new TableCalendarStore(table), table);
    }
}
