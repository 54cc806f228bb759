using Azure.Data.Tables;
using ReleasePolicy.IntegrationTests.Infrastructure;

namespace ReleasePolicy.IntegrationTests.EndToEnd;

/// <summary>
/// The calendar's promise under load, end to end: 200 pipelines submit at once for the same service and environment;
/// each orchestration books its own slot, and the table (read raw) holds 200 bookings of which no two overlap.
/// </summary>
public sealed class CalendarConcurrencyEndToEndTests
{
    [Fact]
    public async Task TwoHundredReleases_SubmittedAtOnceForOneEnvironment_EndWithZeroOverlappingBookings()
    {
        const int Releases = 200;
        await using InProcessHost host = await SchedulingEndToEndTests.StartAsync("""
            calendar:
              durations: { default: PT10M, max: PT1H }
              scheduling: { searchHorizon: P30D }
            """);

        using var gate = new SemaphoreSlim(40);
        string[] ids = await Task.WhenAll(Enumerable.Range(0, Releases).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                return await SchedulingEndToEndTests.SubmitAsync(host, SchedulingEndToEndTests.StagingPatch($"10.0.{i}"));
            }
            finally
            {
                gate.Release();
            }
        }));
        Assert.Equal(Releases, ids.Distinct(StringComparer.Ordinal).Count());

        var table = new TableClient(host.Settings.StorageConnectionString, host.Settings.CalendarTable);
        List<TableEntity> raw = [];
        DateTime until = DateTime.UtcNow.AddMinutes(5);
        while (DateTime.UtcNow < until)
        {
            raw = await CalendarTableAudit.RawAsync(table);
            if (raw.Count(e => e.RowKey.StartsWith("release|", StringComparison.Ordinal)) >= Releases)
            {
                break;
            }

            await Task.Delay(2000);
        }

        CalendarTableAudit.AssertConsistent(raw, expectedReleases: Releases);
        // One lane, booked back to back from the first slot: 200 ten-minute slots span exactly 2,000 minutes.
        TableEntity[] lane = CalendarTableAudit.LaneRows(raw);
        Assert.Equal(Releases, lane.Length);
        Assert.Equal(TimeSpan.FromMinutes(10 * Releases), lane.Max(r => r.GetDateTimeOffset("End")!.Value) - lane.Min(r => r.GetDateTimeOffset("Start")!.Value));
    }
}
