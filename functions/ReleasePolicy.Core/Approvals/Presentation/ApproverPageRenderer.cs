using System.Globalization;
using System.Text;

namespace ReleasePolicy.Approvals.Presentation;

/// <summary>
/// The approver page behind a signed link: the summary with an approve/reject form, the confirmation after a
/// decision, and a human refusal page. Server-rendered, no script, no external assets; it works without JavaScript
/// and under <see cref="ContentSecurityPolicy"/>. Ids for tests and assistive tools: <c>comment</c>, <c>approve</c>,
/// <c>reject</c>, <c>outcome</c>, <c>refusal</c>.
/// </summary>
public static class ApproverPageRenderer
{
    /// <summary>
    /// The <c>Content-Security-Policy</c> header value the caller sets on every page here: nothing loads, inline styles
    /// render, and the form can post only back to us.
    /// </summary>
    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'";

    /// <summary>
    /// The <c>Referrer-Policy</c> header value: the page's URL holds the link token, and a click on the runbook link must
    /// not hand it to another site.
    /// </summary>
    public const string ReferrerPolicy = "no-referrer";

    /// <summary>The longest comment the form lets a person type (the route must still check it).</summary>
    public const int CommentMaxLength = 2000;

    /// <param name="formActionPath">Where the form posts (the same signed path, so the token travels with the decision).</param>
    /// <param name="approverDisplayName">Who the page is answering as, shown so a forwarded link is noticed.</param>
    public static string RenderForm(ApprovalSummary summary, string formActionPath, string approverDisplayName)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentException.ThrowIfNullOrEmpty(formActionPath);
        var html = Start("Approve or reject: " + summary.Headline);
        html.Append("<h1 id=\"title\" style=\"").Append(PageStyles.Title).Append("\">").Append(HtmlText.Encode(summary.Headline)).Append("</h1>")
            .Append("<p id=\"answering-as\" style=\"").Append(PageStyles.Paragraph).Append("\">You are answering as <strong>")
            .Append(HtmlText.Encode(approverDisplayName)).Append("</strong> for the ").Append(HtmlText.Encode(summary.Tier.TierName))
            .Append(" tier.</p>");
        SummaryHtml.Write(html, summary);
        html.Append("<form method=\"post\" action=\"").Append(HtmlText.Encode(formActionPath)).Append("\">")
            .Append("<h3 style=\"").Append(PageStyles.Section).Append("\"><label for=\"comment\">Comment (optional, recorded with your decision)</label></h3>")
            .Append("<textarea id=\"comment\" name=\"comment\" maxlength=\"")
            .Append(CommentMaxLength.ToString(CultureInfo.InvariantCulture)).Append("\" style=\"").Append(PageStyles.TextArea).Append("\"></textarea>")
            .Append("<p style=\"").Append(PageStyles.Paragraph).Append("margin-top:12px;\">")
            .Append("<button type=\"submit\" id=\"approve\" name=\"decision\" value=\"approve\" style=\"").Append(PageStyles.ApproveButton).Append("\">Approve</button>")
            .Append("<button type=\"submit\" id=\"reject\" name=\"decision\" value=\"reject\" style=\"").Append(PageStyles.RejectButton).Append("\">Reject</button>")
            .Append("</p></form>")
            .Append("<p style=\"").Append(PageStyles.Muted).Append("\">Your decision is final and recorded as evidence. This link works once.</p>");
        return End(html);
    }

    /// <summary>The confirmation after a decision (or any other settled state worth telling, such as "already approved").</summary>
    public static string RenderOutcome(string title, string message, ApprovalSummary? summary = null)
    {
        var html = Start(title);
        html.Append("<div id=\"outcome\" role=\"status\">")
            .Append("<h1 style=\"").Append(PageStyles.Title).Append("\">").Append(HtmlText.Encode(title)).Append("</h1>")
            .Append("<p style=\"").Append(PageStyles.Paragraph).Append("\">").Append(HtmlText.Encode(message)).Append("</p>")
            .Append("</div>");
        if (summary is not null)
        {
            SummaryHtml.Write(html, summary);
        }

        return End(html);
    }

    /// <summary>Why this link cannot be used (expired, already used, not the approver…), for a person rather than a client.</summary>
    /// <param name="status">The HTTP status the caller answers with; shown so support can match it to the logs.</param>
    public static string RenderRefusal(int status, string title, string reason)
    {
        var html = Start(title);
        html.Append("<div id=\"refusal\" role=\"alert\" data-status=\"").Append(status.ToString(CultureInfo.InvariantCulture)).Append("\">")
            .Append("<h1 style=\"").Append(PageStyles.Title).Append(PageStyles.Fail).Append("\">").Append(HtmlText.Encode(title)).Append("</h1>")
            .Append("<p id=\"refusal-reason\" style=\"").Append(PageStyles.Paragraph).Append("\">").Append(HtmlText.Encode(reason)).Append("</p>")
            .Append("<p style=\"").Append(PageStyles.Muted).Append("\">HTTP ").Append(status.ToString(CultureInfo.InvariantCulture))
            .Append(". Nothing was recorded as your decision. If you still need to act, ask for a new link.</p>")
            .Append("</div>");
        return End(html);
    }

    private static StringBuilder Start(string title)
    {
        var html = new StringBuilder(16 * 1024);
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<meta name=\"referrer\" content=\"no-referrer\">")
            .Append("<meta name=\"robots\" content=\"noindex, nofollow\">")
            .Append("<title>").Append(HtmlText.Encode(title)).Append(" · ReleasePolicy</title></head>")
            .Append("<body style=\"").Append(PageStyles.Body).Append("\"><main style=\"").Append(PageStyles.Card).Append("\">");
        return html;
    }

    private static string End(StringBuilder html) =>
        html.Append("<p style=\"").Append(PageStyles.Muted).Append("margin-top:24px;\">ReleasePolicy approvals</p></main></body></html>").ToString();
}
