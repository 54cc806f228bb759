using System.Globalization;
using ReleasePolicy.Deployment;
using ReleasePolicy.Deployment.Incidents;
using ReleasePolicy.Deployment.Notices;
using ReleasePolicy.Deployment.Outbound;
using ReleasePolicy.Evidence;
using ReleasePolicy.Policy;
using ReleasePolicy.Policy.Store;
using ReleasePolicy.Readiness;
using ReleasePolicy.Releases;

namespace ReleasePolicy.Workflow.Activities;

/// <summary>
/// An automated rollback's records: the request (incident opened, <c>RollbackRequested</c> published with the
/// pre-approved procedure and the database rollback strategy, escalation mailed), an RTO miss, and how it ended. Each
/// step is idempotent: the incident id and the event id derive from the release, and evidence is create-only.
/// </summary>
public sealed class RollbackActivities(StageRecorder recorder, PolicyCatalog policies, IIncidentStore incidents, ReleaseEvents events, IDeploymentNotices notices)
{
    public async Task<RollbackTicket> RequestAsync(RollbackStep rollback)
    {
        ArgumentNullException.ThrowIfNull(rollback);
        StageInput step = rollback.Step;
        ReleaseWorkflowInput release = step.Release;
        ReleaseRequest request = release.Request;
        PolicyDocument policy = await policies.GetPinnedAsync(release.Policy).ConfigureAwait(false);
        DateTimeOffset at = DeploymentActivities.At(step);
        ReleaseEvidence evidence = DeploymentEvidence.Of(request);
        string databaseRollback = DatabaseRollbackStrategy.Of(evidence.SchemaMigration);
        string rule = rollback.Decision.Rule ?? "unhealthy";
        bool rcaRequired = policy.Monitoring.Incidents.RootCauseAnalysisRequired;

        Incident incident = await incidents.OpenAsync(new Incident(
            Incident.IdFor(release.ReleaseId),
            release.ReleaseId,
            request.Service,
            request.Environment,
            request.Version,
            rule,
            rollback.Decision.Reason,
            at,
            rollback.Plan.Rto,
            rcaRequired)).ConfigureAwait(false);

        OutboundReleaseEvent requested = await events.PublishAsync(release, ReleaseEventTypes.RollbackRequested, DeploymentActivities.Sequence(step), at, new
        {
            rule,
            reason = rollback.Decision.Reason,
            rollbackProcedureRef = evidence.Rollback?.ProcedureRef,
            runbook = evidence.Runbook?.Url,
            databaseRollback,
            incidentId = incident.Id,
            rto = DurationText.Format(rollback.Plan.Rto),
            rtoDeadline = at + rollback.Plan.Rto,
            completeWith = Deployment.Signals.SignalTypes.RollbackCompleted,
        }).ConfigureAwait(false);
        SentNotices escalation = await notices.SendRollbackEscalationAsync(release, incident, policy.Monitoring.Notify.Escalation).ConfigureAwait(false);

        var decision = new StageDecision(
            ReleaseStage.Deployment,
            StageOutcomes.RollbackRequested,
            $"Rollback requested ({rule}) with procedure {evidence.Rollback?.ProcedureRef ?? "(none on record)"}, database rollback {databaseRollback}; incident {incident.Id} opened; the RTO of {DurationText.Format(rollback.Plan.Rto)} runs to {DeploymentActivities.Stamp(at + rollback.Plan.Rto)}.",
            at,
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["rule"] = rule,
                ["incidentId"] = incident.Id,
                ["event"] = requested.Id,
                ["rollbackProcedureRef"] = evidence.Rollback?.ProcedureRef ?? string.Empty,
                ["databaseRollback"] = databaseRollback,
                ["rto"] = DurationText.Format(rollback.Plan.Rto),
                ["rtoDeadline"] = DeploymentActivities.Stamp(at + rollback.Plan.Rto),
                ["escalationMails"] = escalation.MailIds.Count.ToString(CultureInfo.InvariantCulture),
                ["rootCauseAnalysisRequired"] = rcaRequired ? "true" : "false",
            });
        StageResult result = await recorder.RecordAsync(
            step,
            EvidenceKinds.RollbackRequest,
            decision,
            new { decision, incident, rollbackRequested = requested, escalation },
            ReleaseStage.Deployment,
            ReleaseStatus.InProgress).ConfigureAwait(false);
        return new RollbackTicket(result, incident.Id, step.At);
    }

    public async Task<StageResult> RecordRtoMissAsync(RtoMissStep miss)
    {
        ArgumentNullException.ThrowIfNull(miss);
        StageInput step = miss.Step;
        PolicyDocument policy = await policies.GetPinnedAsync(step.Release.Policy).ConfigureAwait(false);
        Incident incident = await incidents.GetAsync(miss.IncidentId).ConfigureAwait(false)
            ?? throw new PermanentFailureException($"Incident {miss.IncidentId} is missing.");
        SentNotices escalation = await notices.SendRtoMissedAsync(step.Release, incident, policy.Monitoring.Notify.Escalation).ConfigureAwait(false);
        var decision = new StageDecision(
            ReleaseStage.Deployment,
            StageOutcomes.RtoMissed,
            $"RTO missed: no {Deployment.Signals.SignalTypes.RollbackCompleted} within {DurationText.Format(miss.Plan.Rto)} of the rollback request ({DeploymentActivities.Stamp(miss.RequestedAt)}); escalated.",
            DeploymentActivities.At(step),
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["incidentId"] = miss.IncidentId,
                ["rto"] = DurationText.Format(miss.Plan.Rto),
                ["escalationMails"] = escalation.MailIds.Count.ToString(CultureInfo.InvariantCulture),
            });
        return await recorder.RecordAsync(step, EvidenceKinds.RtoMissed, decision, new { decision, escalation }, ReleaseStage.Deployment, ReleaseStatus.InProgress).ConfigureAwait(false);
    }

    public async Task<StageResult> FinishAsync(RollbackEndStep end)
    {
        ArgumentNullException.ThrowIfNull(end);
        StageInput step = end.Step;
        TimeSpan? took = end.CompletedAt - end.RequestedAt;
        bool rtoMet = took is { } elapsed && elapsed <= end.Plan.Rto;
        DateTimeOffset? completedAt = end.CompletedAt is { } completed ? DeploymentActivities.Utc(completed) : null;
        Incident incident = await incidents.RecordRollbackAsync(end.IncidentId, completedAt, rtoMet).ConfigureAwait(false);
        var details = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["incidentId"] = end.IncidentId,
            ["rto"] = DurationText.Format(end.Plan.Rto),
            ["rtoMet"] = rtoMet ? "true" : "false",
        };
        string summary;
        string outcome;
        if (took is { } duration)
        {
            details["rolledBackAt"] = DeploymentActivities.Stamp(end.CompletedAt!.Value);
            details["timeToRestore"] = DurationText.Format(duration);
            outcome = StageOutcomes.RolledBack;
            summary = $"Rolled back in {DurationText.Format(duration)}: RTO {DurationText.Format(end.Plan.Rto)} {(rtoMet ? "met" : "missed")}. Incident {end.IncidentId}{(incident.OwesRootCauseAnalysis ? " owes a root-cause analysis before the service's next release" : string.Empty)}.";
        }
        else
        {
            outcome = StageOutcomes.RollbackUnconfirmed;
            summary = $"The pipeline never reported {Deployment.Signals.SignalTypes.RollbackCompleted} within the policy's wait limit: the rollback is unconfirmed and the RTO missed. Incident {end.IncidentId} stays open.";
        }

        var decision = new StageDecision(ReleaseStage.Deployment, outcome, summary, DeploymentActivities.At(step), details);
        return await recorder.RecordAsync(step, EvidenceKinds.Rollback, decision, new { decision, incident, signals = end.Signals }, ReleaseStage.Deployment, ReleaseStatus.InProgress).ConfigureAwait(false);
    }
}
