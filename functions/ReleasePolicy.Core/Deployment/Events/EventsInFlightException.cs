namespace ReleasePolicy.Deployment.Events;

/// <summary>
/// Some events of a delivery are being handled by another delivery of them at this moment. The rest were handled; the
/// sender should deliver again shortly (Event Grid and the Azure SDKs retry by themselves), when they are either done
/// (a duplicate) or, if the other delivery's host died, taken over.
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
