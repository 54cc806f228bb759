using System.Globalization;
using ReleasePolicy.Approvals.Tokens;

namespace ReleasePolicy.Calendar.Store;

/// <summary>
/// The calendar table's keys. Bookings share one partition so that a booking's lane heads, lane rows and release row
/// change in one entity-group transaction. Lane rows sort by lane, then start, so a time range is a RowKey range.
/// </summary>
internal static class CalendarKeys
{
    public const string BookingsPartition = "bookings";

    public const string FreezesPartition = "freezes";

    // Lanes start with "svc:" or "res:", so none of their rows can sort among "head|" or "release|" rows.
    public static string Head(string lane) => "head|" + Escape(lane);

    public static string Release(string releaseId) => "release|" + Escape(releaseId);

    public static string LaneRow(string lane, DateTimeOffset start, string releaseId) => LaneAt(lane, start.UtcTicks) + "|" + Escape(releaseId);

    /// <summary>The lowest key of the lane's rows starting at or after <paramref name="utcTicks"/> (a range bound).</summary>
    public static string LaneAt(string lane, long utcTicks) =>
        Escape(lane) + "|" + Math.Max(0, utcTicks).ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>[from, to) bounds of every service lane's rows in one environment (all environments when null).</summary>
    public static (string From, string To) ServiceLanes(string? environment) =>
        environment is null ? ("svc:", "svc;") : ("svc:" + Escape(environment) + ":", "svc:" + Escape(environment) + ";");

    public static string Freeze(string id) => Escape(id);

    // Identifiers are validated names, but resources come from policy text and ids from callers: table-forbidden
    // characters are escaped (TableKeyText), and '|' too, so that a value can never forge another lane's key.
    private static string Escape(string value) => TableKeyText.Escape(value).Replace("|", "%7C", StringComparison.Ordinal);
}
