using Microsoft.Extensions.Options;
using ReleasePolicy.Approvals;
using ReleasePolicy.Approvals.Presentation;
using ReleasePolicy.Approvals.Tokens;
using ReleasePolicy.Notifications;
using ReleasePolicy.Readiness;

namespace ReleasePolicy.Workflow.Activities;

/// <summary>
/// One approver's mail: a fresh single-use link token bound to the release, tier, person and expiry; the summary; the
/// approver page link for any mail client and, where enabled, the Outlook Actionable Message card.
/// </summary>
public sealed class ApprovalInvitationSender(
    ApprovalLinkTokens tokens,
    IMailer mailer,
    IOptions<ApprovalTokenOptions> links,
    IOptions<ActionableMessageOptions> actionable,
    TimeProvider time) : IApprovalInvitations
{
    public const string PagePath = "api/approvals/";
    public const string ActionPath = "api/approvals/actionable";

    public async Task<string> SendAsync(ApprovalInvitation invitation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        ApprovalTierState tier = invitation.Tier;
        ReadinessDecision readiness = invitation.Request.Readiness.Readiness
            ?? throw new InvalidOperationException("An approval mail for a release without a readiness decision.");
        ApprovalSummary summary = ApprovalSummaries.From(invitation.Request.Release.Request, readiness, invitation.Request.ReleaseId, tier);
        return await this.SendSummaryAsync(summary, tier, invitation.To, invitation.Purpose, cancellationToken).ConfigureAwait(false);
    }

    public async Task<string> SendSummaryAsync(ApprovalSummary summary, ApprovalTierState tier, DirectoryPerson to, InvitationPurpose purpose, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(tier);
        ArgumentNullException.ThrowIfNull(to);

        // Valid through a possible "escalate" extension of the deadline, and never shorter than a day from now.
        DateTimeOffset now = time.GetUtcNow();
        DateTimeOffset deadline = tier.Deadline + (tier.Deadline - tier.OpenedAt);
        DateTimeOffset expires = deadline > now.AddDays(1) ? deadline : now.AddDays(1);
        string token = tokens.Issue(new ApprovalLinkClaims(tier.ApprovalId, tier.Tier, to.Id, expires, LinkTokenNonce.New()));

        Uri baseUrl = links.Value.PublicBaseUrl ?? throw new InvalidOperationException("ReleasePolicy:Approvals:PublicBaseUrl is not set; approval links cannot be built.");
        var page = new Uri(baseUrl, PagePath + token);
        ActionableMessageOptions card = actionable.Value;
        ActionableMessageLink? cardLink = card.Enabled && !string.IsNullOrWhiteSpace(card.Originator)
            ? new ActionableMessageLink(new Uri(baseUrl, ActionPath), card.Originator, token)
            : null;
        (MailPurpose mailPurpose, string kind) = purpose switch
        {
            InvitationPurpose.Reminder => (MailPurpose.Reminder, "approval-reminder"),
            InvitationPurpose.Escalation => (MailPurpose.Escalation, "approval-escalation"),
            _ => (MailPurpose.Request, "approval-request"),
        };
        RenderedMail mail = ApprovalMailRenderer.Render(summary, new ApprovalMailLinks(page, cardLink), mailPurpose);
        return await mailer.SendAsync(
            new OutgoingMail(to, kind, mail.Subject, mail.Html, tier.ApprovalId, [new MailLink("Approve or reject", page)]),
            cancellationToken).ConfigureAwait(false);
    }
}
