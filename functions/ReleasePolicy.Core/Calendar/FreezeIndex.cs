namespace ReleasePolicy.Calendar;

/// <summary>
/// The freeze occurrences that block one request, sorted by start with a running "ends last", so the search finds the
/// latest-ending overlapping freeze with one binary search (the same idea as <see cref="BookingTimeline"/>).
/// </summary>
internal sealed class FreezeIndex
{
    private readonly FreezeOccurrence[] sorted;
    private readonly FreezeOccurrence[] latestEnd;

    private FreezeIndex(FreezeOccurrence[] sorted)
    {
        this.sorted = sorted;
        this.latestEnd = new FreezeOccurrence[sorted.Length];
        for (var i = 0; i < sorted.Length; i++)
        {
            this.latestEnd[i] = i > 0 && this.latestEnd[i - 1].Range.End >= sorted[i].Range.End ? this.latestEnd[i - 1] : sorted[i];
        }
    }

    public static FreezeIndex Blocking(IReadOnlyList<FreezeOccurrence> freezes, SlotRequest request) =>
        new(freezes.Where(f => f.Range.Start < f.Range.End && AllowanceKind(f, request) is null).OrderBy(f => f.Range.Start).ToArray());

    /// <summary>
    /// <c>allowedReleaseType</c> when the freeze lets the release type through, <c>override</c> when the request
    /// overrides freezes and this one is overridable (never an ad-hoc one); null when the freeze blocks.
    /// </summary>
    public static string? AllowanceKind(FreezeOccurrence freeze, SlotRequest request)
    {
        if (freeze.AllowedReleaseTypes.Contains(request.Type))
        {
            return "allowedReleaseType";
        }

        return request.OverrideFreezes && freeze.Overridable && !freeze.AdHoc ? "override" : null;
    }

    public FreezeOccurrence? LatestOverlapping(TimeRange slot)
    {
        int low = 0, high = this.sorted.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (this.sorted[mid].Range.Start < slot.End)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        if (low == 0)
        {
            return null;
        }

        var latest = this.latestEnd[low - 1];
        return latest.Range.End > slot.Start ? latest : null;
    }
}
