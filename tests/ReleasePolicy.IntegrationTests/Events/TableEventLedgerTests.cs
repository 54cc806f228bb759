using Azure.Data.Tables;
using ReleasePolicy.Deployment.Events;
using ReleasePolicy.IntegrationTests.Infrastructure;

namespace ReleasePolicy.IntegrationTests.Events;

/// <summary>The events table on Azurite: claims, given-back claims, and the unmatched list's order, limit and bounds.</summary>
public sealed class TableEventLedgerTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task TryClaim_SameSourceAndId_WaitsForTheHandlerThenDuplicate_AndFreeAgainWhenGivenBack()
    {
        TableEventLedger ledger = await NewLedgerAsync();
        InboundEvent inbound = Event("e-1", "/a");

        EventClaim first = await ledger.TryClaimAsync(inbound, Noon, CancellationToken.None);
        Task<EventClaim> concurrent = ledger.TryClaimAsync(inbound, Noon.AddSeconds(1), CancellationToken.None);
        await Task.Delay(300);
        Assert.False(concurrent.IsCompleted, "A concurrent delivery must wait while the first is being handled.");
        await ledger.MarkHandledAsync(inbound, CancellationToken.None);
        EventClaim whileHandled = await concurrent;
        EventClaim otherSource = await ledger.TryClaimAsync(inbound with { Source = "/b" }, Noon, CancellationToken.None);
        await ledger.ReleaseClaimAsync(inbound with { Source = "/b" }, CancellationToken.None);
        EventClaim afterGivingBack = await ledger.TryClaimAsync(inbound with { Source = "/b" }, Noon.AddSeconds(2), CancellationToken.None);

        Assert.Equal(
            [EventClaimState.Claimed, EventClaimState.Duplicate, EventClaimState.Claimed, EventClaimState.Claimed],
            new[] { first, whileHandled, otherSource, afterGivingBack }.Select(c => c.State));
        Assert.Equal(Noon, whileHandled.FirstArrival);
    }

    [Fact]
    public async Task TryClaim_ClaimOfADeadDelivery_LapsesAndIsTakenOverOnceKeepingTheFirstArrival()
    {
        TableEventLedger ledger = await NewLedgerAsync();
        InboundEvent inbound = Event("e-2", "/a");
        await ledger.TryClaimAsync(inbound, Noon, CancellationToken.None);
        DateTimeOffset lapsed = Noon + TableEventLedger.ClaimLease;

        // Four redeliveries at once; the one that takes the claim over handles the event at once, as the processor does.
        EventClaim[] racing = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            EventClaim claim = await ledger.TryClaimAsync(inbound, lapsed, CancellationToken.None);
            if (claim.State == EventClaimState.Claimed)
            {
                await ledger.MarkHandledAsync(inbound, CancellationToken.None);
            }

            return claim;
        }));

        EventClaim taken = Assert.Single(racing, c => c.State == EventClaimState.Claimed);
        Assert.Equal(Noon, taken.FirstArrival);
        Assert.All(racing.Where(c => c.State != EventClaimState.Claimed), c => Assert.Contains(c.State, new[] { EventClaimState.InFlight, EventClaimState.Duplicate }));
    }

    [Fact]
    public async Task ListUnmatched_NewestFirstWithinLimit_DataCutTo16KiB()
    {
        TableEventLedger ledger = await NewLedgerAsync();
        string big = "{\"x\":\"" + new string('a', 40_000) + "\"}";
        await ledger.RecordUnmatchedAsync(Event("old", "/a"), Noon, CancellationToken.None);
        await ledger.RecordUnmatchedAsync(Event("new", "/a", big), Noon.AddMinutes(1), CancellationToken.None);
        await ledger.RecordUnmatchedAsync(Event("middle", "/a/#?\\", null), Noon.AddSeconds(30), CancellationToken.None);

        IReadOnlyList<StoredEvent> two = await ledger.ListUnmatchedAsync(2, CancellationToken.None);

        Assert.Equal(["new", "middle"], two.Select(e => e.Id));
        Assert.True(two[0].DataTruncated);
        Assert.Equal(EventText.MaxDataBytes, two[0].DataExcerpt!.Length);
        Assert.Equal("/a/#?\\", two[1].Source);
        Assert.Null(two[1].DataExcerpt);
    }

    [Fact]
    public async Task ListForRelease_OldestFirstWithinLimit_AnEventRecordedTwiceShownOnceAtItsFirstArrival()
    {
        TableEventLedger ledger = await NewLedgerAsync();
        const string release = "rel-0123456789abcdef0123456789abcdef";
        await ledger.RecordForReleaseAsync(Event("second", "/a"), release, "releaseId", Noon.AddSeconds(10), CancellationToken.None);
        await ledger.RecordForReleaseAsync(Event("first", "/a"), release, "deployment", Noon, CancellationToken.None);
        await ledger.RecordForReleaseAsync(Event("third", "/a"), release, "alert", Noon.AddSeconds(20), CancellationToken.None);
        // Handled again after its claim was given back: a second row, listed once.
        await ledger.RecordForReleaseAsync(Event("first", "/a"), release, "deployment", Noon.AddSeconds(30), CancellationToken.None);
        await ledger.RecordForReleaseAsync(Event("other release", "/a"), "rel-ffffffffffffffffffffffffffffffff", "releaseId", Noon, CancellationToken.None);

        IReadOnlyList<StoredEvent> all = await ledger.ListForReleaseAsync(release, 1000, CancellationToken.None);
        IReadOnlyList<StoredEvent> two = await ledger.ListForReleaseAsync(release, 2, CancellationToken.None);

        Assert.Equal(["first", "second", "third"], all.Select(e => e.Id));
        Assert.Equal(["deployment", "releaseId", "alert"], all.Select(e => e.MatchedBy));
        Assert.Equal(Noon, all[0].ReceivedAt);
        Assert.Equal(["first", "second"], two.Select(e => e.Id));
    }

    private static InboundEvent Event(string id, string source, string? data = "{\"a\":1}") =>
        new(id, source, "ReleasePolicy.Deployment.Started", "subject", Noon, data, EventSchema.CloudEvents);

    private static async Task<TableEventLedger> NewLedgerAsync() =>
        new(new TableServiceClient(await TestStorage.GetConnectionStringAsync()).GetTableClient(TestNames.Unique("events")));
}
