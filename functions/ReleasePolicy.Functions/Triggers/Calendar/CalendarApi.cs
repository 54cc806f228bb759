using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ReleasePolicy.Calendar;
using ReleasePolicy.Calendar.Api;
using ReleasePolicy.Calendar.Feeds;
using ReleasePolicy.Functions.Http;
using ReleasePolicy.Policy;
using ReleasePolicy.Policy.Store;
using ReleasePolicy.Readiness;
using ReleasePolicy.Releases;

namespace ReleasePolicy.Functions.Triggers.Calendar;

/// <summary>
/// The release calendar, read-only: bookings, windows and freezes in a range (JSON), the same as an ICS feed calendar
/// clients subscribe to, and the next free slots for a pipeline that wants to choose its time.
/// </summary>
public sealed class CalendarApi(PolicyCatalog policies, ICalendarStore calendar, IFreezeStore freezes, IReleaseStore releases, TimeProvider time)
{
    /// <summary>The default range of <c>GET /api/calendar</c>: two weeks from <c>from</c>.</summary>
    public static readonly TimeSpan DefaultRange = TimeSpan.FromDays(14);

    /// <summary>The longest range one call may ask for (a quarter).</summary>
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(92);

    /// <summary>The feed shows a month back and six months ahead.</summary>
    public static readonly TimeSpan FeedPast = TimeSpan.FromDays(30);

    public static readonly TimeSpan FeedFuture = TimeSpan.FromDays(180);

    public const int DefaultSlotCount = 5;
    public const int MaxSlotCount = 20;

    /// <summary>Windows and slots without a <c>type</c> are those of an ordinary (minor) release.</summary>
    public const ReleaseType DefaultType = ReleaseType.Minor;

    /// <summary>The release id of a slot listing: no release has it, so no booking is mistaken for the caller's own.</summary>
    private const string PreviewRelease = "(slot-listing)";

    [Function("GetCalendar")]
    public async Task<IActionResult> GetCalendar(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "calendar")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        (_, PolicyDocument policy) = await policies.GetActiveAsync(cancellationToken).ConfigureAwait(false);
        DateTimeOffset now = time.GetUtcNow();
        var errors = new List<FieldError>();
        string? environment = CalendarQueryText.Environment(CalendarQuery.Single(request, "environment", errors), "environment", policy, errors);
        string? service = CalendarQueryText.Service(CalendarQuery.Single(request, "service", errors), "service", policy, errors);
        ReleaseType type = CalendarQueryText.Type(CalendarQuery.Single(request, "type", errors), "type", errors) ?? DefaultType;
        DateTimeOffset? from = CalendarQueryText.Instant(CalendarQuery.Single(request, "from", errors), "from", errors);
        bool toGiven = request.Query.ContainsKey("to");
        DateTimeOffset? to = CalendarQueryText.Instant(CalendarQuery.Single(request, "to", errors), "to", errors);
        if (errors.Count == 0)
        {
            DateTimeOffset start = from ?? now;
            DateTimeOffset end = to ?? start + DefaultRange;
            if (end <= start)
            {
                errors.Add(new FieldError(toGiven ? "to" : "from", "from must be before to."));
            }
            else if (end - start > MaxRange)
            {
                errors.Add(new FieldError("to", "The range may span at most 92 days (P92D)."));
            }

            from = start;
            to = end;
        }

        if (errors.Count > 0)
        {
            return ApiResults.ValidationProblem(errors);
        }

        var range = new TimeRange(from!.Value, to!.Value);
        string? tier = CalendarQueryText.TierOf(policy, service);
        Task<IReadOnlyList<Booking>> bookings = calendar.ListAsync(range, environment, service, cancellationToken);
        Task<IReadOnlyList<AdHocFreeze>> adHoc = freezes.ListAsync(range, cancellationToken);
        await Task.WhenAll(bookings, adHoc).ConfigureAwait(false);

        WindowsView? windows = environment is null ? null : Windows(policy.Calendar, environment, service, tier, type, range);
        IReadOnlyList<FreezeOccurrence> occurrences = FreezeCalendar.Expand(policy.Calendar, adHoc.Result, environment, service, tier, range);
        return ApiResults.Json(new CalendarResponse(
            environment,
            service,
            range.Start,
            range.End,
            policy.Calendar.Governed,
            bookings.Result.Select(BookingView.From).ToArray(),
            windows,
            occurrences.Select(FreezeView.From).ToArray()));
    }

    [Function("GetCalendarFeed")]
    public async Task<IActionResult> GetFeed(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "calendar.ics")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        (_, PolicyDocument policy) = await policies.GetActiveAsync(cancellationToken).ConfigureAwait(false);
        var errors = new List<FieldError>();
        string? environment = CalendarQueryText.Environment(CalendarQuery.Single(request, "environment", errors), "environment", policy, errors);
        string? service = CalendarQueryText.Service(CalendarQuery.Single(request, "service", errors), "service", policy, errors);
        if (errors.Count > 0)
        {
            return ApiResults.ValidationProblem(errors);
        }

        DateTimeOffset now = time.GetUtcNow();
        var range = new TimeRange(now - FeedPast, now + FeedFuture);
        string? tier = CalendarQueryText.TierOf(policy, service);
        Task<IReadOnlyList<Booking>> bookings = calendar.ListAsync(range, environment, service, cancellationToken);
        Task<IReadOnlyList<AdHocFreeze>> adHoc = freezes.ListAsync(range, cancellationToken);
        await Task.WhenAll(bookings, adHoc).ConfigureAwait(false);

        IReadOnlyList<IcsBooking> entries = await this.WithVersionsAsync(bookings.Result, cancellationToken).ConfigureAwait(false);
        var content = new IcsFeedContent(
            "Releases" + (environment is null ? string.Empty : ": " + environment) + (service is null ? string.Empty : " / " + service),
            now,
            range,
            entries,
            policy.Calendar.Freezes.Where(f => FreezeScope.Matches(f, environment, service, tier)).ToArray(),
            adHoc.Result.Where(f => FreezeScope.Matches(f, environment, service, tier)).ToArray(),
            $"{request.Scheme}://{request.Host.Value}");
        // The URL may carry a key: no shared cache may keep the answer.
        request.HttpContext.Response.Headers.CacheControl = "private, no-store";
        return new FileContentResult(IcsFeed.WriteUtf8(content), IcsFeed.ContentType);
    }

    [Function("GetCalendarSlots")]
    public async Task<IActionResult> GetSlots(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "calendar/slots")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        (_, PolicyDocument policy) = await policies.GetActiveAsync(cancellationToken).ConfigureAwait(false);
        DateTimeOffset now = time.GetUtcNow();

        // Malformed parameters first (400); then names the policy does not know (404): the service or environment
        // has no calendar here.
        var errors = new List<FieldError>();
        string? environmentText = Required(request, "environment", errors);
        string? serviceText = Required(request, "service", errors);
        TimeSpan? duration = CalendarQueryText.Duration(CalendarQuery.Single(request, "duration", errors), "duration", errors);
        DateTimeOffset? after = CalendarQueryText.Instant(CalendarQuery.Single(request, "after", errors), "after", errors);
        ReleaseType type = CalendarQueryText.Type(CalendarQuery.Single(request, "type", errors), "type", errors) ?? DefaultType;
        int count = CalendarQueryText.Count(CalendarQuery.Single(request, "count", errors), "count", 1, MaxSlotCount, errors) ?? DefaultSlotCount;
        if (environmentText is not null && Validation.Identifiers.CheckEnvironment(environmentText) is { } badEnvironment)
        {
            errors.Add(new FieldError("environment", badEnvironment));
        }

        if (serviceText is not null && Validation.Identifiers.CheckService(serviceText) is { } badService)
        {
            errors.Add(new FieldError("service", badService));
        }

        CalendarPolicy rules = policy.Calendar;
        if (duration is { } asked && rules.Governed && asked > rules.Durations.Max)
        {
            errors.Add(new FieldError("duration", $"Must be at most the policy's maximum deployment duration, {IcsText.FormatDuration(rules.Durations.Max)}."));
        }

        if (errors.Count > 0)
        {
            return ApiResults.ValidationProblem(errors);
        }

        var unknown = new List<FieldError>();
        string? environment = CalendarQueryText.Environment(environmentText, "environment", policy, unknown);
        string? service = CalendarQueryText.Service(serviceText, "service", policy, unknown);
        if (unknown.Count > 0)
        {
            return ApiResults.Problem(
                StatusCodes.Status404NotFound,
                "Not in the active policy",
                string.Join(" ", unknown.Select(e => e.Reason)),
                unknown.Select(e => new ProblemError(e.Field, e.Reason)).ToArray());
        }

        // A slot in the past is no use to anyone: the search starts now at the earliest.
        DateTimeOffset notBefore = after is { } wanted && wanted > now ? wanted : now;
        SlotRequest slotRequest = SlotRequests.Create(policy, PreviewRelease, environment!, service!, type, duration, notBefore, overrideFreezes: false);
        DateTimeOffset horizon = notBefore + rules.Limits.SearchHorizon;
        var range = new TimeRange(notBefore, horizon);
        Task<IBookingTimeline> timeline = calendar.TimelineAsync(slotRequest.Lanes, range, cancellationToken);
        Task<IReadOnlyList<AdHocFreeze>> adHoc = freezes.ListAsync(range, cancellationToken);
        await Task.WhenAll(timeline, adHoc).ConfigureAwait(false);

        CalendarView view = CalendarViews.Build(policy, slotRequest, adHoc.Result, timeline.Result, range);
        SlotDecision first = SlotSearch.FindEarliest(slotRequest, view, horizon);
        IReadOnlyList<TimeRange> slots = first.Found ? SlotSearch.FindFree(slotRequest, view, horizon, count) : [];
        return ApiResults.Json(new SlotsResponse(
            environment!,
            service!,
            type,
            IcsText.FormatDuration(slotRequest.Duration),
            notBefore,
            horizon,
            rules.Governed,
            slots.Select(IntervalView.From).ToArray(),
            view.WindowRules,
            slotRequest.Resources,
            first.Refusals,
            first.RefusalCount,
            first.Allowances));
    }

    private static string? Required(HttpRequest request, string name, List<FieldError> errors)
    {
        string? value = CalendarQuery.Single(request, name, errors);
        if (value is null && !errors.Any(e => e.Field == name))
        {
            errors.Add(new FieldError(name, "Required."));
        }

        return value;
    }

    private static WindowsView Windows(CalendarPolicy calendar, string environment, string? service, string? tier, ReleaseType type, TimeRange range)
    {
        // Without a service, only the environment-wide rules apply: "" is no service name, so service-scoped rules never match.
        IReadOnlyList<DeploymentWindowRule> applied = WindowCalendar.RulesFor(calendar, environment, service ?? string.Empty, tier, type);
        bool anyTime = applied.Count == 0 || applied.Any(r => r.AnyTime);
        IReadOnlyList<TimeRange> intervals = WindowCalendar.Expand(applied, range);
        WindowRuleView[] all = calendar.Windows
            .Where(r => r.Environments.Contains(environment, StringComparer.Ordinal)
                && (service is null || r.Services.Count == 0 || r.Services.Contains(service, StringComparer.Ordinal))
                && (tier is null || r.Tiers.Count == 0 || r.Tiers.Contains(tier, StringComparer.Ordinal)))
            .Select(WindowRuleView.From)
            .ToArray();
        return new WindowsView(type, applied.Select(r => r.Name).ToArray(), anyTime, intervals.Select(IntervalView.From).ToArray(), all);
    }

    /// <summary>Each booking with its release's version (for the event title), read a few at a time.</summary>
    private async Task<IReadOnlyList<IcsBooking>> WithVersionsAsync(IReadOnlyList<Booking> bookings, CancellationToken cancellationToken)
    {
        var entries = new IcsBooking[bookings.Count];
        await Parallel.ForAsync(0, bookings.Count, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, token) =>
        {
            ReleaseRecord? release = ReleaseIdentity.IsWellFormed(bookings[i].ReleaseId)
                ? await releases.GetAsync(bookings[i].ReleaseId, token).ConfigureAwait(false)
                : null;
            entries[i] = new IcsBooking(bookings[i], release?.Version);
        }).ConfigureAwait(false);
        return entries;
    }
}
