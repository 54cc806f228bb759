using System.Text.Json;
using Azure.Data.Tables;
using ReleasePolicy;
using ReleasePolicy.Calendar;

namespace ReleasePolicy.IntegrationTests.Infrastructure;

/// <summary>
/// Checks the calendar table as stored, read raw with the Tables SDK rather than through our store or API, so a bug
/// in either cannot hide an overlap.
/// </summary>
internal static class CalendarTableAudit
{
    /// <summary>
    /// Read raw: in every lane no two bookings overlap; every release row is booked and its lane rows are exactly the
    /// booking's lanes with its start, end and attempt; no lane row belongs to no release.
    /// </summary>
    public static void AssertConsistent(List<TableEntity> raw, int expectedReleases)
    {
        TableEntity[] releases = [.. raw.Where(e => e.RowKey.StartsWith("release|", StringComparison.Ordinal))];
        TableEntity[] laneRows = LaneRows(raw);
        Assert.Equal(expectedReleases, releases.Length);
        foreach (IGrouping<string?, TableEntity> lane in laneRows.GroupBy(r => r.GetString("Lane")))
        {
            TableEntity[] ordered = [.. lane.OrderBy(r => r.GetDateTimeOffset("Start"))];
            for (var i = 1; i < ordered.Length; i++)
            {
                Assert.True(
                    ordered[i].GetDateTimeOffset("Start") >= ordered[i - 1].GetDateTimeOffset("End"),
                    $"{ordered[i - 1].GetString("ReleaseId")} and {ordered[i].GetString("ReleaseId")} overlap in {lane.Key}.");
            }
        }

        foreach (TableEntity release in releases)
        {
            Assert.Equal("booked", release.GetString("Status"));
            Booking booking = JsonSerializer.Deserialize<Booking>(release.GetString("Booking")!, JsonDefaults.Options)!;
            TableEntity[] own = [.. laneRows.Where(r => r.GetString("ReleaseId") == booking.ReleaseId)];
            Assert.Equal(booking.Lanes.Order(StringComparer.Ordinal), own.Select(r => r.GetString("Lane")!).Order(StringComparer.Ordinal));
            Assert.All(own, row => Assert.Equal(
                (booking.Start, booking.End, booking.Attempt),
                (row.GetDateTimeOffset("Start")!.Value, row.GetDateTimeOffset("End")!.Value, row.GetInt32("Attempt")!.Value)));
        }

        Assert.Equal(releases.Sum(r => JsonSerializer.Deserialize<Booking>(r.GetString("Booking")!, JsonDefaults.Options)!.Lanes.Count), laneRows.Length);
    }

    public static TableEntity[] LaneRows(IEnumerable<TableEntity> raw) =>
        [.. raw.Where(e => e.RowKey.StartsWith("svc:", StringComparison.Ordinal) || e.RowKey.StartsWith("res:", StringComparison.Ordinal))];

    public static async Task<List<TableEntity>> RawAsync(TableClient table)
    {
        var rows = new List<TableEntity>();
        try
        {
            await foreach (TableEntity entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == "bookings"))
            {
                rows.Add(entity);
            }
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            // The store creates its table with the first booking: none yet.
        }

        return rows;
    }
}
