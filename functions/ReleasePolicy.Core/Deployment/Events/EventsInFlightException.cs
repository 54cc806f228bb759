namespace ReleasePolicy.Deployment.Events;

/// <summary>
/// Some events of a delivery were taken over by another redelivery of them at this moment (their first delivery's host
/// died). The rest were handled; the sender should deliver again shortly (Event Grid and the Azure SDKs retry by
/// themselves), when they are done: a duplicate.
/// </summary>
public sealed class EventsInFlightException : Exception
{
    public EventsInFlightException()
    {
    }

    public EventsInFlightException(string message)
        : base(message)
    {
    }

    public EventsInFlightException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Seconds a sender should wait before delivering again.</summary>
    public static int RetryAfterSeconds => (int)Math.Ceiling(TableEventLedger.ClaimLease.TotalSeconds);
}
