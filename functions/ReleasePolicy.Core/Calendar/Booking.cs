namespace ReleasePolicy.Calendar;

/// <summary>
/// A release's hold on the calendar: its deployment slot in an environment for a service, plus the shared resources it
/// uses. <see cref="Attempt"/> counts reschedules (0 = first booking), so a retried booking activity finds its own row.
/// </summary>
public sealed record Booking(
    string ReleaseId,
    string Environment,
    string Service,
    IReadOnlyList<string> Resources,
    DateTimeOffset Start,
    DateTimeOffset End,
    int Attempt)
{
    public TimeRange Range => new(this.Start, this.End);

    /// <summary>The lanes this booking occupies: two bookings conflict when they share a lane and their ranges overlap.</summary>
    public IReadOnlyList<string> Lanes => BookingLanes.For(this.Environment, this.Service, this.Resources);
}

/// <summary>
/// The conflict rule as lanes: one lane per environment + service, one per shared resource (across environments).
/// Two bookings conflict exactly when they share a lane and overlap in time.
/// </summary>
public static class BookingLanes
{
    public static string ServiceLane(string environment, string service) => $"svc:{environment}:{service}";

    public static string ResourceLane(string resource) => $"res:{resource}";

    public static IReadOnlyList<string> For(string environment, string service, IEnumerable<string> resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        return [ServiceLane(environment, service), .. resources.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(ResourceLane)];
    }
}
