namespace ReleasePolicy.Policy;

/// <summary>
/// The policy's <c>calendar</c> section: when releases may be deployed (weekly windows in IANA time zones), when they
/// may not (one-off and recurring freezes), what they must not share (shared resources), how long a deployment holds
/// its slot, and the scheduling limits. A policy without the section is <see cref="Ungoverned"/>: every release is
/// booked for immediate deployment with a zero-length slot (which never conflicts).
/// </summary>
/// <param name="Windows">Deployment window rules; an environment no rule matches may deploy at any time.</param>
/// <param name="Freezes">Freeze and blackout rules from the policy (ad-hoc freezes live in the calendar store).</param>
/// <param name="SharedResources">Resources whose bookings conflict whichever service holds them.</param>
public sealed record CalendarPolicy(
    IReadOnlyList<DeploymentWindowRule> Windows,
    IReadOnlyList<FreezeRule> Freezes,
    IReadOnlyList<SharedResource> SharedResources,
    DeploymentDurations Durations,
    SchedulingLimits Limits)
{
    /// <summary>No calendar section: immediate, zero-length bookings, no windows, no freezes.</summary>
    public static CalendarPolicy Ungoverned { get; } = new([], [], [], DeploymentDurations.Immediate, SchedulingLimits.Default) { Governed = false };

    /// <summary>Override of policy freezes: who may (directory people or groups, e.g. <c>release-managers</c>).</summary>
    public IReadOnlyList<string> FreezeOverrideBy { get; init; } = [];

    /// <summary>Sign-off from the owners of the services a release affects (its scope dependents); null when not required.</summary>
    public DependencySignOff? DependencySignOff { get; init; }

    /// <summary>False for <see cref="Ungoverned"/>: then no slot search runs at all.</summary>
    public bool Governed { get; init; } = true;
}

/// <summary>
/// A weekly deployment window rule. It applies to a release when its environment is listed and, where given, its
/// service, criticality tier and release type match. Among the rules that apply, the most specific win (release type
/// beats service beats tier beats environment only) and their periods are united.
/// </summary>
/// <param name="Name">Unique within the policy; named in scheduling decisions ("outside window prod-weekdays").</param>
/// <param name="Services">Empty: every service.</param>
/// <param name="Tiers">Criticality tier names (<c>tier-0</c>...); empty: every tier.</param>
/// <param name="ReleaseTypes">Empty: every release type.</param>
/// <param name="TimeZone">IANA time zone id (e.g. <c>Europe/London</c>) the periods are read in.</param>
/// <param name="Periods">Weekly periods in local time; ignored when <paramref name="AnyTime"/>.</param>
/// <param name="AnyTime">Deployments may start at any time (e.g. emergencies).</param>
public sealed record DeploymentWindowRule(
    string Name,
    IReadOnlyList<string> Environments,
    IReadOnlyList<string> Services,
    IReadOnlyList<string> Tiers,
    IReadOnlyList<ReleaseType> ReleaseTypes,
    string TimeZone,
    IReadOnlyList<WeeklyPeriod> Periods,
    bool AnyTime);

/// <summary>
/// One weekly period, written <c>Mon-Thu 09:00-16:00</c> or <c>Sat,Sun 00:00-24:00</c>: on each listed day, from
/// <paramref name="FromMinute"/> to <paramref name="ToMinute"/> local time (minutes after midnight, 0..1440). When
/// <paramref name="ToMinute"/> ≤ <paramref name="FromMinute"/> the period ends the next day (<c>Fri 22:00-02:00</c>).
/// A local time that does not exist on a daylight-saving change day starts at the end of the gap; an ambiguous start
/// takes the first occurrence and an ambiguous end the second, so a window never loses wall-clock time.
/// </summary>
public sealed record WeeklyPeriod(IReadOnlyList<DayOfWeek> Days, int FromMinute, int ToMinute, string Text);

/// <summary>
/// A freeze (blackout): one-off (<paramref name="Start"/> to <paramref name="End"/>) or recurring (an RFC 5545
/// <paramref name="RecurrenceRule"/> from the local <paramref name="LocalStart"/> in <paramref name="TimeZone"/>, each
/// occurrence lasting <paramref name="Duration"/>). Scope lists that are empty match everything.
/// </summary>
/// <param name="Reason">Why, shown in decisions and the calendar (quarter-end close, holiday season...).</param>
/// <param name="AllowedReleaseTypes">Release types the freeze lets through (e.g. emergency), recorded as an allowance.</param>
/// <param name="Overridable">Whether the people in <see cref="CalendarPolicy.FreezeOverrideBy"/> may override it.</param>
public sealed record FreezeRule(
    string Name,
    string Reason,
    IReadOnlyList<string> Environments,
    IReadOnlyList<string> Services,
    IReadOnlyList<string> Tiers,
    IReadOnlyList<ReleaseType> AllowedReleaseTypes,
    bool Overridable,
    DateTimeOffset? Start,
    DateTimeOffset? End,
    string? TimeZone,
    DateTime? LocalStart,
    string? RecurrenceRule,
    TimeSpan? Duration)
{
    public bool IsRecurring => this.RecurrenceRule is not null;
}

/// <summary>A resource several services use (e.g. a database cluster): two bookings holding it conflict.</summary>
/// <param name="Environments">Where the services share it; empty: every environment.</param>
public sealed record SharedResource(string Name, IReadOnlyList<string> Environments, IReadOnlyList<string> Services);

/// <summary>How long a deployment holds its slot: per release type, else the default; a request may ask for up to <paramref name="Max"/>.</summary>
public sealed record DeploymentDurations(TimeSpan Default, IReadOnlyDictionary<ReleaseType, TimeSpan> ByReleaseType, TimeSpan Max)
{
    public static DeploymentDurations Immediate { get; } = new(TimeSpan.Zero, new Dictionary<ReleaseType, TimeSpan>(), TimeSpan.Zero);

    public TimeSpan For(ReleaseType type) => this.ByReleaseType.TryGetValue(type, out TimeSpan duration) ? duration : this.Default;
}

/// <param name="MaxReschedules">How often a failed pre-deployment check may move a release before it is rejected.</param>
/// <param name="SearchHorizon">How far ahead the slot search looks before it gives up (the release is rejected).</param>
/// <param name="ApprovalValidFor">An approval older than this at the slot's start fails the pre-deployment check.</param>
/// <param name="DependencyPoll">How often the workflow looks again at dependencies that have not completed.</param>
/// <param name="DependencyTimeout">How long a release waits for its dependencies before it is rejected.</param>
public sealed record SchedulingLimits(int MaxReschedules, TimeSpan SearchHorizon, TimeSpan ApprovalValidFor, TimeSpan DependencyPoll, TimeSpan DependencyTimeout)
{
    public static SchedulingLimits Default { get; } = new(3, TimeSpan.FromDays(90), TimeSpan.FromDays(14), TimeSpan.FromMinutes(5), TimeSpan.FromDays(2));
}

/// <summary>
/// Sign-off by the owners (ownership approvers) of the services a release affects, as one more approval tier after the
/// route's tiers: <paramref name="Tier"/> gives name, quorum and deadlines; its approvers come from the dependents.
/// </summary>
/// <param name="ReleaseTypes">The release types that need it (empty: all but emergency).</param>
public sealed record DependencySignOff(IReadOnlyList<ReleaseType> ReleaseTypes, ApprovalTier Tier);
