namespace ReleasePolicy.Deployment.Events;

/// <summary>What claiming a delivered event found, and the event's first arrival (the time it is judged at).</summary>
public sealed record EventClaim(EventClaimState State, DateTimeOffset FirstArrival);

public enum EventClaimState
{
    /// <summary>This delivery handles the event.</summary>
    Claimed,

    /// <summary>The event was handled before: acknowledged without effect.</summary>
    Duplicate,

    /// <summary>Another delivery of it is being handled right now: the sender should deliver it again shortly.</summary>
    InFlight,
}
