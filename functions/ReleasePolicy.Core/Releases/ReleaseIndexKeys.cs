using System.Globalization;

namespace ReleasePolicy.Releases;

/// <summary>
/// Row keys of the release index. They sort by time, newest first (inverted creation ticks), then by id, so a plain
/// ascending scan of the one index partition lists the newest release first and a row key is a stable cursor.
/// </summary>
public static class ReleaseIndexKeys
{
    private const int TicksDigits = 19;

    public static string RowKeyFor(string id, DateTimeOffset createdAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        long inverted = DateTimeOffset.MaxValue.UtcTicks - createdAt.UtcTicks;
        return inverted.ToString("D19", CultureInfo.InvariantCulture) + "-" + id;
    }

    /// <summary>Whether <paramref name="rowKey"/> has the exact shape <see cref="RowKeyFor"/> produces.</summary>
    public static bool IsWellFormed(string? rowKey) =>
        rowKey is { Length: TicksDigits + 1 + 36 }
        && rowKey.AsSpan(0, TicksDigits).IndexOfAnyExcept("0123456789") < 0
        && rowKey[TicksDigits] == '-'
        && ReleaseIdentity.IsWellFormed(rowKey[(TicksDigits + 1)..]);
}
