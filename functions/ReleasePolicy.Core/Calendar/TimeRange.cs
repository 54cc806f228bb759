namespace ReleasePolicy.Calendar;

/// <summary>A half-open UTC interval [<see cref="Start"/>, <see cref="End"/>): two ranges that only touch do not overlap.</summary>
public readonly record struct TimeRange(DateTimeOffset Start, DateTimeOffset End)
{
    public TimeSpan Length => this.End - this.Start;

    public bool Overlaps(TimeRange other) => this.Start < other.End && other.Start < this.End;

    public bool Contains(DateTimeOffset instant) => this.Start <= instant && instant < this.End;

    /// <summary>Whether <paramref name="inner"/> lies wholly inside this range.</summary>
    public bool Covers(TimeRange inner) => this.Start <= inner.Start && inner.End <= this.End;
}
