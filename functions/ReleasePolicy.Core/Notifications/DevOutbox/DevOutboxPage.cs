using System.Globalization;
using System.Net;
using System.Text;

namespace ReleasePolicy.Notifications.DevOutbox;

/// <summary>
/// The dev outbox as one self-contained HTML page: every mail newest first with its recipient, subject, release and
/// links. Everything shown is HTML-encoded; only http(s) links become clickable; no script, no external asset.
/// </summary>
public static class DevOutboxPage
{
    /// <summary>What the page may load: its own inline style, nothing else (served as the response's CSP).</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

    public static string Render(IReadOnlyList<OutboxMail> mails, string? releaseId, string? to)
    {
        ArgumentNullException.ThrowIfNull(mails);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Dev outbox</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse;width:100%}")
            .Append("th,td{border:1px solid #ccc;padding:.4rem;text-align:left;vertical-align:top}th{background:#f3f3f3}</style></head><body>")
            .Append("<h1>Dev outbox</h1><p>Mails the local host would have sent through Microsoft Graph, newest first");
        if (!string.IsNullOrEmpty(releaseId))
        {
            html.Append(" for release <code>").Append(Encode(releaseId)).Append("</code>");
        }

        if (!string.IsNullOrEmpty(to))
        {
            html.Append(" to <code>").Append(Encode(to)).Append("</code>");
        }

        html.Append(CultureInfo.InvariantCulture, $" ({mails.Count}).</p>");
        if (mails.Count == 0)
        {
            return html.Append("<p>No mail yet.</p></body></html>").ToString();
        }

        html.Append("<table><thead><tr><th>Sent</th><th>To</th><th>Kind</th><th>Subject</th><th>Release</th><th>Links</th><th>Mail</th></tr></thead><tbody>");
        foreach (OutboxMail mail in mails)
        {
            html.Append("<tr><td>").Append(Encode(mail.SentAt.ToString("u", CultureInfo.InvariantCulture))).Append("</td>")
                .Append("<td>").Append(Encode(mail.To.Name)).Append("<br><code>").Append(Encode(mail.To.Id)).Append("</code>");
            if (!string.IsNullOrEmpty(mail.To.Mail))
            {
                html.Append("<br>").Append(Encode(mail.To.Mail));
            }

            html.Append("</td><td>").Append(Encode(mail.Kind)).Append("</td>")
                .Append("<td>").Append(Encode(mail.Subject)).Append("</td>")
                .Append("<td><code>").Append(Encode(mail.ReleaseId)).Append("</code></td><td>");
            foreach (OutboxLink link in mail.Links)
            {
                html.Append(Link(link)).Append("<br>");
            }

            html.Append("</td><td><a href=\"/api/dev/outbox/").Append(Encode(mail.Id)).Append("\">view mail</a></td></tr>");
        }

        return html.Append("</tbody></table></body></html>").ToString();
    }

    /// <summary>A clickable link for http(s) URLs; anything else (<c>javascript:</c>, <c>data:</c>) is shown as text only.</summary>
    private static string Link(OutboxLink link) =>
        Uri.TryCreate(link.Url, UriKind.Absolute, out Uri? url) && url.Scheme is "http" or "https"
            ? $"<a href=\"{Encode(url.AbsoluteUri)}\">{Encode(link.Label)}</a>"
            : $"{Encode(link.Label)}: <code>{Encode(link.Url)}</code>";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
