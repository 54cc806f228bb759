using System.Text;

namespace ReleasePolicy.Approvals.Presentation;

/// <summary>
/// Renders an approval mail: a readable summary, approve/reject buttons that are plain links to the approver page
/// (they work in every mail client), and, when Actionable Messages are enabled, an Adaptive Card in the head that
/// Outlook shows instead, answering in place. Pure: no I/O, every value HTML- or JSON-encoded.
/// </summary>
public static class ApprovalMailRenderer
{
    public static RenderedMail Render(ApprovalSummary summary, ApprovalMailLinks links, MailPurpose purpose)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(links);
        if (!HtmlText.IsWebLink(links.ApproverPage))
        {
            throw new ArgumentException("The approver page must be an absolute http(s) URL.", nameof(links));
        }

        var subject = HtmlText.SingleLine(Subject(summary, purpose));
        var intro = Intro(summary, purpose);
        var html = new StringBuilder(16 * 1024);
        html.Append("<!DOCTYPE html><html lang=\"en\"><head>")
            .Append("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">")
            .Append("<title>").Append(HtmlText.Encode(subject)).Append("</title>");
        if (links.Actionable is { } actionable)
        {
            html.Append("<script type=\"application/adaptivecard+json\">")
                .Append(AdaptiveCardJson.Create(summary, intro, links, actionable))
                .Append("</script>");
        }

        html.Append("</head><body style=\"").Append(PageStyles.Body).Append("\"><div style=\"").Append(PageStyles.Card).Append("\">")
            .Append("<h1 id=\"title\" style=\"").Append(PageStyles.Title).Append("\">").Append(HtmlText.Encode(summary.Headline)).Append("</h1>")
            .Append("<p id=\"purpose\" style=\"").Append(PageStyles.Paragraph).Append("\">").Append(HtmlText.Encode(intro)).Append("</p>");
        WriteButtons(html, links.ApproverPage);
        SummaryHtml.Write(html, summary);
        html.Append("<p style=\"").Append(PageStyles.Muted).Append("\">This link is yours alone and works once. If the buttons do not work, open ");
        HtmlText.Link(html, links.ApproverPage, links.ApproverPage.AbsoluteUri, PageStyles.Link);
        html.Append(".</p></div></body></html>");
        return new RenderedMail(subject, html.ToString());
    }

    private static string Subject(ApprovalSummary summary, MailPurpose purpose)
    {
        var what = $"approval needed for {summary.Headline} ({summary.Tier.TierName})";
        return purpose switch
        {
            MailPurpose.Reminder => "Reminder: " + what,
            MailPurpose.Escalation => "Escalated to you: " + what,
            _ => $"Approval needed for {summary.Headline} ({summary.Tier.TierName})",
        };
    }

    private static string Intro(ApprovalSummary summary, MailPurpose purpose) => purpose switch
    {
        MailPurpose.Reminder => $"Reminder: your decision on {summary.Headline} is still needed for the {summary.Tier.TierName} tier.",
        MailPurpose.Escalation => $"Escalated to you: the {summary.Tier.TierName} tier has not reached its quorum for {summary.Headline} in time, and the policy asks you to decide.",
        _ => $"Your decision is requested on {summary.Headline} for the {summary.Tier.TierName} tier.",
    };

    /// <summary>Both buttons open the approver page, where the decision is confirmed with an optional comment: a GET must never decide.</summary>
    private static void WriteButtons(StringBuilder html, Uri approverPage)
    {
        html.Append("<p style=\"").Append(PageStyles.Paragraph).Append("\">")
            .Append("<a id=\"approve-link\" href=\"").Append(HtmlText.Encode(approverPage.AbsoluteUri)).Append("\" style=\"").Append(PageStyles.ApproveButton).Append("\">Approve</a>")
            .Append("<a id=\"reject-link\" href=\"").Append(HtmlText.Encode(approverPage.AbsoluteUri)).Append("\" style=\"").Append(PageStyles.RejectButton).Append("\">Reject</a>")
            .Append("</p>");
    }
}
