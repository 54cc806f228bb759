using ReleasePolicy.Releases;

namespace ReleasePolicy.Deployment.Events;

/// <summary>The release an event is about, or null when it matches none (the event is then kept as unmatched).</summary>
/// <param name="How">How it was found: <c>releaseId</c> or <c>deployment</c>.</param>
public sealed record EventMatch(ReleaseSummary? Release, string? How)
{
    public static EventMatch Unmatched { get; } = new(null, null);

    public bool IsMatched => this.Release is not null;
}
