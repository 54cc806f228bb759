using System.Collections.Concurrent;

namespace ReleasePolicy.IntegrationTests.EndToEnd.Crash;

/// <summary>What the driver did for one release: its id, the approval links it posted, the ad-hoc freeze it added.</summary>
internal sealed class ReleaseRun(PlannedRelease planned)
{
    public PlannedRelease Planned { get; } = planned;

    public string Id { get; set; } = string.Empty;

    /// <summary>Every approval link posted (each must refuse a second use once the run is over).</summary>
    public ConcurrentBag<Uri> PostedLinks { get; } = [];

    /// <summary>The text the freeze path put in its ad-hoc freeze's reason.</summary>
    public string? FreezeMark { get; set; }

    /// <summary>When the freeze path's ad-hoc freeze ends: the release must end up booked at or after it.</summary>
    public DateTimeOffset? FreezeEnd { get; set; }
}
