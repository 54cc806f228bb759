namespace ReleasePolicy.Releases;

/// <summary>
/// The request's optional <c>schedule</c>: a desired earliest start, the deployment's own duration (at most the
/// policy's max), the releases it depends on (scheduled after they complete), and a freeze override with its reason
/// (honoured only for people the policy's <c>calendar.freezeOverrideBy</c> names).
/// </summary>
public sealed record ScheduleRequest(DateTimeOffset? NotBefore, TimeSpan? Duration, IReadOnlyList<string> DependsOn, FreezeOverrideRequest? FreezeOverride)
{
    public static ScheduleRequest None { get; } = new(null, null, [], null);
}

/// <param name="Reason">Why the freeze must be broken; recorded with the override.</param>
public sealed record FreezeOverrideRequest(string Reason);
