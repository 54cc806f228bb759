using System.Globalization;
using ReleasePolicy.Approvals;
using ReleasePolicy.Calendar;
using ReleasePolicy.Evidence;
using ReleasePolicy.Policy;
using ReleasePolicy.Policy.Store;
using ReleasePolicy.Releases;

namespace ReleasePolicy.Workflow.Activities;

/// <summary>
/// The checks run when a booked slot opens, because the world moved while the release waited: the slot is still its
/// own; no freeze is in force now (an operator may have added one during an incident); its dependencies still stand
/// as succeeded; its approval is still valid (young enough, and no tier has changed its mind). A failure reschedules
/// the release until the policy's limit, then rejects it. Every check and its result is one evidence record.
/// </summary>
public sealed class PreDeploymentCheckActivities(
    StageRecorder recorder,
    PolicyCatalog policies,
    ICalendarStore calendar,
    IFreezeStore freezes,
    IReleaseStore releases,
    IApprovalStore approvals)
{
    public async Task<StageResult> CheckAsync(DeploymentCheckStep check)
    {
        ArgumentNullException.ThrowIfNull(check);
        StageInput step = check.Step;
        ReleaseWorkflowInput release = step.Release;
        DateTimeOffset now = new(DateTime.SpecifyKind(step.At, DateTimeKind.Utc));
        (PublishedPolicy published, PolicyDocument policy) = await policies.GetActiveAsync().ConfigureAwait(false);
        ReleaseRecord? record = await releases.GetAsync(release.ReleaseId).ConfigureAwait(false);
        Booking? booking = await calendar.GetBookingAsync(release.ReleaseId).ConfigureAwait(false);

        // The deployment starts at the slot's start: a timer that fires a few milliseconds early must not make a freeze
        // that ends exactly there look in force (the search put the slot at its end on purpose).
        DateTimeOffset deploysAt = booking is not null && booking.Start > now ? booking.Start : now;
        var results = new List<CheckResult>
        {
            BookingHeld(booking, check.Attempt, deploysAt),
            await this.NoFreezeAsync(policy, release, record, booking, deploysAt).ConfigureAwait(false),
            await this.DependenciesAsync(release).ConfigureAwait(false),
            await this.ApprovalAsync(policy, release, record, now).ConfigureAwait(false),
        };

        CheckResult? failed = results.FirstOrDefault(r => !r.Passed);
        var details = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["attempt"] = check.Attempt.ToString(CultureInfo.InvariantCulture),
            ["calendarPolicy"] = published.Version,
        };
        string outcome;
        string summary;
        IReadOnlyList<string>? reasons = null;
        if (failed is null)
        {
            outcome = StageOutcomes.Cleared;
            summary = "Pre-deployment checks passed: " + string.Join("; ", results.Select(r => r.Text));
        }
        else if (check.Attempt >= policy.Calendar.Limits.MaxReschedules)
        {
            outcome = StageOutcomes.Rejected;
            summary = $"Rejected: {failed.Text}, and the release was already rescheduled {check.Attempt} time(s) (calendar.scheduling.maxReschedules {policy.Calendar.Limits.MaxReschedules}).";
            reasons = [.. results.Where(r => !r.Passed).Select(r => r.Text)];
            await calendar.CancelAsync(release.ReleaseId).ConfigureAwait(false);
        }
        else
        {
            outcome = StageOutcomes.CheckFailed;
            summary = failed.Text;
            reasons = [.. results.Where(r => !r.Passed).Select(r => r.Text)];
        }

        var decision = new StageDecision(ReleaseStage.Scheduling, outcome, summary, now, details, reasons);
        return await recorder.RecordAsync(
            step,
            EvidenceKinds.PreDeploymentCheck,
            decision,
            new { decision, booking, checks = results },
            outcome == StageOutcomes.Cleared ? ReleaseStage.Deployment : ReleaseStage.Scheduling,
            ReleaseStatus.InProgress).ConfigureAwait(false);
    }

    private static CheckResult BookingHeld(Booking? booking, int attempt, DateTimeOffset now) => booking switch
    {
        null => new("booking", false, "the release no longer holds a slot on the calendar"),
        _ when booking.Attempt != attempt => new("booking", false, $"the calendar holds booking attempt {booking.Attempt}, not {attempt}"),
        _ when booking.End > booking.Start && now >= booking.End => new("booking", false, $"the slot ended at {booking.End.UtcDateTime:u} before the deployment could start"),
        _ => new("booking", true, $"slot {booking.Start.UtcDateTime:u} to {booking.End.UtcDateTime:u} held"),
    };

    private async Task<CheckResult> NoFreezeAsync(PolicyDocument policy, ReleaseWorkflowInput release, ReleaseRecord? record, Booking? booking, DateTimeOffset now)
    {
        ReleaseRequest request = release.Request;
        DateTimeOffset end = booking is not null && booking.End > now ? booking.End : now.AddSeconds(1);
        var range = new TimeRange(now, end);
        IReadOnlyList<AdHocFreeze> adHoc = await freezes.ListAsync(range).ConfigureAwait(false);
        // The index keeps the latest scheduling decision: the booking's, whose override grant still holds.
        bool overridden = record?.Decisions.Any(d => d.Stage == ReleaseStage.Scheduling && d.Details?.GetValueOrDefault("freezeOverride") == "granted") == true;
        SlotRequest slot = SlotRequests.Create(policy, release.ReleaseId, request.Environment, request.Service, request.Type, end - now, now, overridden);
        IReadOnlyList<FreezeOccurrence> inForce = FreezeCalendar.Expand(policy.Calendar, adHoc, request.Environment, request.Service, slot.Tier, range)
            .Where(f => f.Range.Overlaps(range))
            .Where(f => !f.AllowedReleaseTypes.Contains(request.Type) && !(overridden && f.Overridable && !f.AdHoc))
            .ToList();
        return inForce.Count == 0
            ? new CheckResult("freezes", true, "no freeze in force")
            : new CheckResult("freezes", false, $"freeze {inForce[0].Freeze} is in force until {inForce[0].Range.End.UtcDateTime:u} ({inForce[0].Reason})");
    }

    private async Task<CheckResult> DependenciesAsync(ReleaseWorkflowInput release)
    {
        foreach (string id in release.Request.Schedule.DependsOn)
        {
            ReleaseRecord? dependency = await releases.GetAsync(id).ConfigureAwait(false);
            if (dependency?.Status != ReleaseStatus.Succeeded)
            {
                return new CheckResult("dependencies", false, $"dependency {id} is {(dependency is null ? "unknown" : dependency.Status.ToString().ToLowerInvariant())}, no longer succeeded");
            }
        }

        return new CheckResult("dependencies", true, release.Request.Schedule.DependsOn.Count == 0 ? "no dependencies" : $"dependencies succeeded: {string.Join(", ", release.Request.Schedule.DependsOn)}");
    }

    private async Task<CheckResult> ApprovalAsync(PolicyDocument policy, ReleaseWorkflowInput release, ReleaseRecord? record, DateTimeOffset now)
    {
        StageDecision? approval = record?.Decisions.FirstOrDefault(d => d.Stage == ReleaseStage.Approval);
        if (approval is null || approval.Outcome != StageOutcomes.Approved)
        {
            return new CheckResult("approval", false, "the release's approval is not on record as approved");
        }

        TimeSpan validFor = policy.Calendar.Limits.ApprovalValidFor;
        if (now - approval.DecidedAt > validFor)
        {
            return new CheckResult("approval", false, $"the approval of {approval.DecidedAt.UtcDateTime:u} is older than calendar.scheduling.approvalValidFor ({validFor:c})");
        }

        // Before deployment the tally holds only the pre-approval's tiers (a post-facto review's come later).
        IReadOnlyList<ApprovalTierState> tiers = await approvals.ListAsync(release.ReleaseId).ConfigureAwait(false);
        ApprovalTierState? withdrawn = tiers.FirstOrDefault(t => t.Status != TierStatus.Approved);
        return withdrawn is not null
            ? new CheckResult("approval", false, $"approval tier {withdrawn.TierName} is now {withdrawn.Status.ToString().ToLowerInvariant()}")
            : new CheckResult("approval", true, $"approved at {approval.DecidedAt.UtcDateTime:u}, valid for {validFor:c}");
    }
}

/// <summary>One pre-deployment check: what it looked at, whether it passed, and a sentence saying so.</summary>
public sealed record CheckResult(string Check, bool Passed, string Text);
