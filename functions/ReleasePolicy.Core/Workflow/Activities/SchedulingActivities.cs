using System.Globalization;
using ReleasePolicy.Calendar;
using ReleasePolicy.Evidence;
using ReleasePolicy.Policy;
using ReleasePolicy.Policy.Store;
using ReleasePolicy.Releases;

namespace ReleasePolicy.Workflow.Activities;

/// <summary>
/// The scheduling stage's booking: finds the earliest valid slot on the one calendar (windows, freezes, conflicts,
/// dependencies), books it atomically, records the decision with every refused candidate, and publishes the planned
/// start on the release. Calendars are shared state, so the active policy's windows and freezes apply (its version is
/// recorded), together with the ad-hoc freezes in force.
/// </summary>
public sealed class SchedulingActivities(
    StageRecorder recorder,
    PolicyCatalog policies,
    ICalendarStore calendar,
    IFreezeStore freezes,
    IReleaseStore releases,
    FreezeOverrideRules overrides,
    RescheduleNotices notices,
    ReleaseEvents events)
{
    public async Task<StageResult> BookAsync(ScheduleStep schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        StageInput step = schedule.Step;
        ReleaseRequest request = step.Release.Request;
        DateTimeOffset at = At(step.At);
        string kind = schedule.Attempt == 0 ? EvidenceKinds.Schedule : EvidenceKinds.Reschedule;
        if (schedule.Blocked is { } blocked)
        {
            return await this.RejectAsync(step, kind, $"Not scheduled: {blocked}", new { blocked }).ConfigureAwait(false);
        }

        (PublishedPolicy published, PolicyDocument policy) = await policies.GetActiveAsync().ConfigureAwait(false);
        CalendarPolicy rules = policy.Calendar;
        if (request.Schedule.Duration is { } asked && rules.Governed && asked > rules.Durations.Max)
        {
            return await this.RejectAsync(
                step, kind, $"Not scheduled: the requested duration {asked:c} is longer than the policy allows (calendar.durations.max {rules.Durations.Max:c}).", new { requested = asked }).ConfigureAwait(false);
        }

        FreezeOverrideGrant? grant = await overrides.DecideAsync(request, policy).ConfigureAwait(false);
        DateTimeOffset notBefore = Later(At(schedule.NotBefore), request.Schedule.NotBefore);
        // Without a calendar section deployments are immediate and zero-length: a requested duration would make
        // releases queue behind each other under a policy that governs no calendar.
        SlotRequest slot = SlotRequests.Create(
            policy, step.Release.ReleaseId, request.Environment, request.Service, request.Type, rules.Governed ? request.Schedule.Duration : null, notBefore, grant?.Granted == true);
        var range = new TimeRange(notBefore, notBefore + rules.Limits.SearchHorizon);
        IReadOnlyList<AdHocFreeze> adHoc = await freezes.ListAsync(range).ConfigureAwait(false);
        // Windows and freezes are expanded once (recurring freezes cost the most); only the bookings change when a
        // concurrent booking makes the store search again.
        CalendarView frame = CalendarViews.Build(policy, slot, adHoc, BookingTimeline.Empty, range);
        BookingOutcome outcome = await calendar.BookAsync(
            new BookingAttempt(slot, schedule.Attempt, range),
            timeline => SlotSearch.FindEarliest(slot, frame with { Bookings = timeline }, range.End)).ConfigureAwait(false);

        var details = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["attempt"] = schedule.Attempt.ToString(CultureInfo.InvariantCulture),
            ["calendarPolicy"] = published.Version,
            ["refusedCandidates"] = outcome.Decision.RefusalCount.ToString(CultureInfo.InvariantCulture),
        };
        if (grant is not null)
        {
            details["freezeOverride"] = grant.Granted ? "granted" : "refused";
        }

        if (outcome.Booking is not { } booking)
        {
            string none = $"Not scheduled: no valid slot of {slot.Duration:c} between {Text(range.Start)} and {Text(range.End)} (calendar.scheduling.searchHorizon); {Refusals(outcome.Decision)}";
            return await this.RejectAsync(step, kind, none, new { request = slot, search = outcome.Decision, freezeOverride = grant }, details).ConfigureAwait(false);
        }

        details["slotStart"] = booking.Start.ToString("O", CultureInfo.InvariantCulture);
        details["slotEnd"] = booking.End.ToString("O", CultureInfo.InvariantCulture);
        details["duration"] = slot.Duration.ToString("c", CultureInfo.InvariantCulture);
        if (outcome.Decision.Allowances.Count > 0)
        {
            details["freezeAllowances"] = string.Join(", ", outcome.Decision.Allowances.Select(a => $"{a.Freeze} ({a.Kind})"));
        }

        if (outcome.Decision.Allowances.Any(a => a.Kind == "override"))
        {
            // Breaking a freeze is an exception the policy lets named people make, and it is reviewed afterwards.
            details["postFactoReview"] = "required";
        }

        string summary = Summary(booking, slot, outcome.Decision, grant, schedule.Reason);
        var decision = new StageDecision(ReleaseStage.Scheduling, StageOutcomes.Scheduled, summary, at, details);
        IReadOnlyList<string> notified = schedule.Attempt == 0 ? [] : await notices.RecipientsAsync(step.Release).ConfigureAwait(false);
        ReleaseRecord? current = await releases.GetAsync(step.Release.ReleaseId).ConfigureAwait(false);
        ReleaseSchedule planned = ReleaseSchedule.After(
            current?.Schedule, new ScheduleChange(schedule.Attempt, booking.Start, booking.End, schedule.Reason ?? "first booking", at));
        // A first booking that opens at once goes straight on to deployment (its booking was its check); any other
        // waits in scheduling for its slot and its pre-deployment check. The index never moves back, so only then.
        bool deploysNow = schedule.Attempt == 0 && booking.Start <= at;
        StageResult result = await recorder.RecordAsync(
            step,
            kind,
            decision,
            new { decision, booking, request = slot, search = outcome.Decision, freezeOverride = grant, rescheduleReason = schedule.Reason, notified },
            deploysNow ? ReleaseStage.Deployment : ReleaseStage.Scheduling,
            ReleaseStatus.InProgress,
            planned).ConfigureAwait(false);
        await events.PublishAsync(step.Release, Deployment.Outbound.ReleaseEventTypes.Scheduled, step.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), at, new
        {
            plannedStart = booking.Start,
            plannedEnd = booking.End,
            attempt = schedule.Attempt,
            reason = schedule.Reason ?? "first booking",
        }).ConfigureAwait(false);
        if (schedule.Attempt > 0)
        {
            // After the record: a retry may mail twice, but a mail never goes out for a booking that has no evidence.
            await notices.SendAsync(step.Release, notified, booking, schedule.Reason ?? "a pre-deployment check failed").ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>Where the release's dependencies are: pending, failed (or unknown), or all succeeded.</summary>
    public async Task<DependencyState> CheckDependenciesAsync(StageInput step)
    {
        ArgumentNullException.ThrowIfNull(step);
        (_, PolicyDocument policy) = await policies.GetActiveAsync().ConfigureAwait(false);
        var pending = new List<string>();
        var failed = new List<string>();
        foreach (string id in step.Release.Request.Schedule.DependsOn)
        {
            ReleaseRecord? dependency = await releases.GetAsync(id).ConfigureAwait(false);
            if (dependency is null || string.Equals(id, step.Release.ReleaseId, StringComparison.Ordinal))
            {
                failed.Add($"{id}: no such release");
            }
            else if (dependency.Status == ReleaseStatus.Succeeded)
            {
                continue;
            }
            else if (ReleaseProgression.IsFinished(dependency.Status))
            {
                failed.Add($"{id}: {dependency.Status.ToString().ToLowerInvariant()}");
            }
            else
            {
                pending.Add(id);
            }
        }

        return new DependencyState(pending, failed, policy.Calendar.Limits.DependencyPoll, policy.Calendar.Limits.DependencyTimeout);
    }

    private async Task<StageResult> RejectAsync(StageInput step, string kind, string reason, object data, Dictionary<string, string>? details = null)
    {
        await calendar.CancelAsync(step.Release.ReleaseId).ConfigureAwait(false);
        var decision = new StageDecision(ReleaseStage.Scheduling, StageOutcomes.Rejected, reason, At(step.At), details, [reason]);
        return await recorder.RecordAsync(step, kind, decision, new { decision, data }, ReleaseStage.Scheduling, ReleaseStatus.InProgress).ConfigureAwait(false);
    }

    private static string Summary(Booking booking, SlotRequest slot, SlotDecision search, FreezeOverrideGrant? grant, string? reason)
    {
        var text = new System.Text.StringBuilder();
        text.Append(reason is null ? "Booked " : $"Rescheduled ({reason}): booked ")
            .Append(CultureInfo.InvariantCulture, $"{Text(booking.Start)} to {Text(booking.End)} for {slot.Service} in {slot.Environment}");
        if (search.RefusalCount > 0)
        {
            text.Append("; ").Append(Refusals(search));
        }

        foreach (FreezeAllowance allowance in search.Allowances)
        {
            text.Append(CultureInfo.InvariantCulture, $"; passes freeze {allowance.Freeze} ({allowance.Reason}) by {(allowance.Kind == "override" ? "override" : "its release-type allowance")}");
        }

        if (grant is { Granted: true })
        {
            text.Append(CultureInfo.InvariantCulture, $"; freeze override by {grant.RequestedBy}: {grant.Reason} ({grant.Basis})");
        }
        else if (grant is { Granted: false })
        {
            text.Append(CultureInfo.InvariantCulture, $"; freeze override refused: {grant.Basis}");
        }

        return text.ToString();
    }

    private static string Refusals(SlotDecision search)
    {
        if (search.RefusalCount == 0)
        {
            return "no candidate was refused";
        }

        IEnumerable<string> shown = search.Refusals.Take(3).Select(r => $"{Text(r.Candidate)}: {r.Reason}");
        string more = search.RefusalCount > 3 ? $" (and {search.RefusalCount - 3} more in the evidence)" : string.Empty;
        return $"{search.RefusalCount} earlier candidate(s) refused: {string.Join("; ", shown)}{more}";
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset? b) => b is { } other && other > a ? other : a;

    private static string Text(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset At(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));
}
