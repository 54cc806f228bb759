using System.Text;
using System.Text.Json;
using Azure.Data.Tables;

namespace ReleasePolicy.Calendar.Store;

/// <summary>The calendar table's rows ↔ bookings and decisions (JSON with <see cref="JsonDefaults"/>).</summary>
internal static class CalendarRows
{
    public const string Booked = "booked";
    public const string Cancelled = "cancelled";

    // A table string property holds at most 32K UTF-16 characters; a decision with many long refusals may exceed
    // that, so its JSON is split over Decision, Decision1, Decision2... (an entity may hold up to 1 MiB).
    private const int ChunkLength = 30_000;
    private const int MaxChunks = 30;

    /// <summary>One lane's copy of a booking, keyed by lane and start; Start/End are typed so the API can filter on them.</summary>
    public static TableEntity LaneRow(string lane, Booking booking) =>
        new(CalendarKeys.BookingsPartition, CalendarKeys.LaneRow(lane, booking.Start, booking.ReleaseId))
        {
            ["Lane"] = lane,
            ["ReleaseId"] = booking.ReleaseId,
            ["Environment"] = booking.Environment,
            ["Service"] = booking.Service,
            ["Start"] = booking.Start.ToUniversalTime(),
            ["End"] = booking.End.ToUniversalTime(),
            ["Attempt"] = booking.Attempt,
            ["Booking"] = JsonSerializer.Serialize(booking, JsonDefaults.Options),
        };

    /// <summary>
    /// A lane's head: every booking change in the lane rewrites it, so its ETag versions the lane. It remembers the
    /// longest booking the lane has held, so a range query reaches back far enough to see bookings that started earlier.
    /// </summary>
    public static TableEntity Head(string lane, TimeSpan longest) =>
        new(CalendarKeys.BookingsPartition, CalendarKeys.Head(lane))
        {
            ["Lane"] = lane,
            ["LongestTicks"] = longest.Ticks,
        };

    public static TimeSpan Longest(TableEntity head) => TimeSpan.FromTicks(head.GetInt64("LongestTicks") ?? 0);

    /// <summary>The release's record: its current attempt, status, booking and the decision that chose it.</summary>
    public static TableEntity Release(string releaseId, int attempt, string status, Booking? booking, SlotDecision decision)
    {
        var entity = new TableEntity(CalendarKeys.BookingsPartition, CalendarKeys.Release(releaseId))
        {
            ["ReleaseId"] = releaseId,
            ["Attempt"] = attempt,
            ["Status"] = status,
            ["Booking"] = booking is null ? null : JsonSerializer.Serialize(booking, JsonDefaults.Options),
        };
        string json = JsonSerializer.Serialize(decision, JsonDefaults.Options);
        int chunks = (json.Length + ChunkLength - 1) / ChunkLength;
        if (chunks > MaxChunks)
        {
            throw new ArgumentException($"The decision for {releaseId} is {json.Length} characters of JSON, more than a calendar row holds.", nameof(decision));
        }

        for (var i = 0; i < Math.Max(1, chunks); i++)
        {
            entity[DecisionProperty(i)] = json.Substring(i * ChunkLength, Math.Min(ChunkLength, json.Length - (i * ChunkLength)));
        }

        return entity;
    }

    public static Booking ReadBooking(TableEntity entity) =>
        JsonSerializer.Deserialize<Booking>(entity.GetString("Booking") ?? "null", JsonDefaults.Options)
        ?? throw new InvalidDataException($"Calendar row {entity.RowKey} holds no booking.");

    public static StoredRelease ReadRelease(TableEntity entity)
    {
        var json = new StringBuilder();
        for (var i = 0; entity.GetString(DecisionProperty(i)) is { } chunk; i++)
        {
            json.Append(chunk);
        }

        SlotDecision decision = JsonSerializer.Deserialize<SlotDecision>(json.ToString(), JsonDefaults.Options)
            ?? throw new InvalidDataException($"Calendar row {entity.RowKey} holds no decision.");
        Booking? booking = entity.GetString("Booking") is { } bookingJson
            ? JsonSerializer.Deserialize<Booking>(bookingJson, JsonDefaults.Options)
            : null;
        return new StoredRelease(
            entity.GetInt32("Attempt") ?? 0,
            entity.GetString("Status") ?? Booked,
            booking,
            decision,
            entity.ETag);
    }

    private static string DecisionProperty(int index) => index == 0 ? "Decision" : "Decision" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A release row as read, with the ETag a change must match.</summary>
internal sealed record StoredRelease(int Attempt, string Status, Booking? Booking, SlotDecision Decision, Azure.ETag ETag)
{
    public bool IsBooked => this.Status == CalendarRows.Booked && this.Booking is not null;
}
