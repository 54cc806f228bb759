using System.Globalization;
using ReleasePolicy.Deployment;
using ReleasePolicy.Deployment.Notices;
using ReleasePolicy.Deployment.Outbound;
using ReleasePolicy.Evidence;
using ReleasePolicy.Policy;
using ReleasePolicy.Policy.Store;
using ReleasePolicy.Readiness;
using ReleasePolicy.Releases;
using ReleasePolicy.Risk;

namespace ReleasePolicy.Workflow.Activities;

/// <summary>
/// The monitored-deployment stage's records: clearing (the plan from the pinned policy, the <c>Cleared</c> event, the
/// release notes). The watch itself runs in the orchestration (<see cref="DeploymentWatch"/>); its judgement is
/// recorded by <see cref="DeploymentConclusions"/>.
/// </summary>
public sealed class DeploymentActivities(StageRecorder recorder, PolicyCatalog policies, IReleaseStore releases, ReleaseEvents events, IDeploymentNotices notices)
{
    public async Task<DeploymentClearance> ClearAsync(StageInput step)
    {
        ArgumentNullException.ThrowIfNull(step);
        ReleaseWorkflowInput release = step.Release;
        ReleaseRequest request = release.Request;
        PolicyDocument policy = await policies.GetPinnedAsync(release.Policy).ConfigureAwait(false);
        ReleaseRecord? record = await releases.GetAsync(release.ReleaseId).ConfigureAwait(false);
        DeploymentPlan plan = Plan(policy, release);
        DateTimeOffset at = At(step);
        ReleaseEvidence evidence = DeploymentEvidence.Of(request);
        string databaseRollback = DatabaseRollbackStrategy.Of(evidence.SchemaMigration);

        OutboundReleaseEvent cleared = await events.PublishAsync(release, ReleaseEventTypes.Cleared, Sequence(step), at, new
        {
            plannedStart = record?.Schedule?.PlannedStart,
            plannedEnd = record?.Schedule?.PlannedEnd,
            watched = plan.Watched,
            profile = plan.Profile,
            startTimeout = plan.Watched ? DurationText.Format(plan.StartTimeout) : null,
            signals = $"/api/releases/{release.ReleaseId}/signals",
        }).ConfigureAwait(false);

        SentNotices? notes = null;
        if (policy.Monitoring.Governed)
        {
            IReadOnlyList<string> recipients =
            [
                .. (policy.Ownership.FirstOrDefault(o => o.Service == request.Service)?.Informed ?? []).Concat(policy.Monitoring.Notify.Support).Distinct(StringComparer.OrdinalIgnoreCase),
            ];
            notes = await notices.SendReleaseNotesAsync(new ReleaseNotes(
                release,
                recipients,
                record?.Schedule?.PlannedStart,
                record?.Schedule?.PlannedEnd,
                evidence.Rollback?.ProcedureRef,
                evidence.Runbook?.Url,
                databaseRollback,
                KnownIssues.From(evidence))).ConfigureAwait(false);
        }

        var details = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["watched"] = plan.Watched ? "true" : "false",
            ["event"] = cleared.Id,
            ["databaseRollback"] = databaseRollback,
            ["rto"] = DurationText.Format(plan.Rto),
        };
        if (plan.Profile is { } profile)
        {
            details["profile"] = profile;
            details["startBy"] = Stamp(at + plan.StartTimeout);
        }

        if (notes is not null)
        {
            details["releaseNotes"] = notes.MailIds.Count.ToString(CultureInfo.InvariantCulture);
        }

        string summary = plan.Watched
            ? $"Cleared for deployment: the pipeline must report {Deployment.Signals.SignalTypes.DeploymentStarted} by {Stamp(at + plan.StartTimeout)}; then watched for {DurationText.Format(plan.BakeTime)} with profile {plan.Profile} (a health sample at least every {DurationText.Format(plan.MaxSampleGap)})."
            : $"Cleared for deployment, not watched: {Unwatched(policy, request.Environment)}; declared deployed after the host's bake time ({DurationText.Format(plan.BakeTime)}).";
        var decision = new StageDecision(ReleaseStage.Deployment, StageOutcomes.Cleared, summary, at, details);
        StageResult result = await recorder.RecordAsync(
            step,
            EvidenceKinds.DeploymentCleared,
            decision,
            new { decision, plan, clearedEvent = cleared, releaseNotes = notes },
            ReleaseStage.Deployment,
            ReleaseStatus.InProgress).ConfigureAwait(false);
        return new DeploymentClearance(result, plan);
    }

    /// <summary>The plan for this release under its pinned policy: its profile when its environment is watched, the host's bake time otherwise.</summary>
    public static DeploymentPlan Plan(PolicyDocument policy, ReleaseWorkflowInput release)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(release);
        ReleaseRequest request = release.Request;
        TimeSpan rto = policy.ReleaseTypes.For(request.Type).Rto;
        string tier = policy.Scope.Services.FirstOrDefault(s => s.Name == request.Service)?.Tier.ToPolicyName() ?? string.Empty;
        MonitoringPolicy monitoring = policy.Monitoring;
        return monitoring.ProfileFor(request.Environment, tier, request.Type) is { } profile
            ? new DeploymentPlan(true, profile.Name, monitoring.StartTimeout, profile.BakeTime, profile.MaxSampleGap, rto, monitoring.RollbackWaitLimit, profile.Thresholds)
            : DeploymentPlan.Unwatched(release.BakeTime, rto);
    }

    private static string Unwatched(PolicyDocument policy, string environment) =>
        policy.Monitoring.Governed ? $"monitoring.environments does not list {environment}" : "the policy has no monitoring section";

    internal static string Sequence(StageInput step) => step.Sequence.ToString(CultureInfo.InvariantCulture);

    internal static DateTimeOffset At(StageInput step) => Utc(step.At);

    internal static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));

    internal static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    internal static string Stamp(DateTime at) => Stamp(Utc(at));
}
