namespace ReleasePolicy.Deployment.Events;

/// <summary>Settings under <c>ReleasePolicy:Events</c>.</summary>
public sealed class EventsOptions
{
    /// <summary>The Azure Table holding one row per delivered event id, unmatched events, and events per release.</summary>
    public string Table { get; set; } = "events";
}
