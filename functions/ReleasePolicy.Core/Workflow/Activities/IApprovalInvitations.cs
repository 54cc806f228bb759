using ReleasePolicy.Approvals;
using ReleasePolicy.Notifications;

namespace ReleasePolicy.Workflow.Activities;

public enum InvitationPurpose
{
    Request,
    Reminder,
    Escalation,
}

/// <summary>One approver's mail for one tier: the release summary, a fresh signed link, and the Outlook card.</summary>
public sealed record ApprovalInvitation(ApprovalRequest Request, ApprovalTierState Tier, DirectoryPerson To, InvitationPurpose Purpose);

/// <summary>Composes and sends approval mails (tokens, HTML, card); returns the sent mail's id for the records.</summary>
public interface IApprovalInvitations
{
    Task<string> SendAsync(ApprovalInvitation invitation, CancellationToken cancellationToken = default);

    /// <summary>The same mail for any approval subject (a policy change) whose summary the caller built.</summary>
    Task<string> SendSummaryAsync(
        Approvals.Presentation.ApprovalSummary summary, ApprovalTierState tier, DirectoryPerson to, InvitationPurpose purpose, CancellationToken cancellationToken = default);
}
