using ReleasePolicy.Deployment.Incidents;
using ReleasePolicy.Workflow;

namespace ReleasePolicy.Deployment.Notices;

/// <summary>
/// The mails of the deployment stage, through the approvals' mailer (Microsoft Graph in Azure, the dev outbox locally).
/// Recipients are directory people or groups (groups are expanded, each person mailed once); names the directory does
/// not know are skipped and listed. Every method returns what was sent, for the evidence record.
/// </summary>
public interface IDeploymentNotices
{
    /// <summary>On <c>Cleared</c>: to the service's informed list and the policy's support list (<c>monitoring.notify.support</c>).</summary>
    Task<SentNotices> SendReleaseNotesAsync(ReleaseNotes notes, CancellationToken cancellationToken = default);

    /// <summary>On a rollback: the incident summary to <c>monitoring.notify.escalation</c>.</summary>
    Task<SentNotices> SendRollbackEscalationAsync(ReleaseWorkflowInput release, Incident incident, IReadOnlyList<string> recipients, CancellationToken cancellationToken = default);

    /// <summary>When the RTO passed without <c>RollbackCompleted</c>, or it came too late: to the escalation list.</summary>
    Task<SentNotices> SendRtoMissedAsync(ReleaseWorkflowInput release, Incident incident, IReadOnlyList<string> recipients, CancellationToken cancellationToken = default);
}

/// <summary>What the release notes say: the change, known issues, the rollback plan and the planned time.</summary>
/// <param name="Recipients">People and groups (informed list, then support list).</param>
/// <param name="KnownIssues">From the request's <c>evidence.knownIssues</c> (strings), when it has them.</param>
/// <param name="DatabaseRollback">The declared database rollback strategy (<c>DatabaseRollbackStrategy</c>).</param>
public sealed record ReleaseNotes(
    ReleaseWorkflowInput Release,
    IReadOnlyList<string> Recipients,
    DateTimeOffset? PlannedStart,
    DateTimeOffset? PlannedEnd,
    string? RollbackProcedureRef,
    string? RunbookUrl,
    string DatabaseRollback,
    IReadOnlyList<string> KnownIssues);

/// <param name="MailIds">One per mail sent (outbox blob or Graph request id).</param>
/// <param name="People">The people mailed, by directory id.</param>
/// <param name="Unknown">Recipients the directory did not know (recorded, not mailed).</param>
public sealed record SentNotices(string Kind, IReadOnlyList<string> MailIds, IReadOnlyList<string> People, IReadOnlyList<string> Unknown);
