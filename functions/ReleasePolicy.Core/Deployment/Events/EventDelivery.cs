namespace ReleasePolicy.Deployment.Events;

/// <summary>
/// What one webhook body holds: events, or Event Grid's subscription validation code, or why it is not a delivery
/// (<see cref="Problem"/> is then set and the body must be answered 400).
/// </summary>
public sealed record EventDelivery(IReadOnlyList<InboundEvent> Events, string? ValidationCode = null, string? Problem = null)
{
    public static EventDelivery Malformed(string reason) => new([], Problem: reason);

    public bool IsMalformed => this.Problem is not null;
}
