using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using ReleasePolicy.Approvals.Tokens;
using ReleasePolicy.Deployment.Incidents;
using ReleasePolicy.Notifications;
using ReleasePolicy.Workflow;

namespace ReleasePolicy.Deployment.Notices;

/// <summary>
/// The deployment stage's mails, through the approvals' mailer and people directory. Recipients may be people or
/// groups: groups are expanded by the directory (nested groups included), each person is mailed once, and names the
/// directory does not know (or people without a mail address) are listed as unknown instead. Everything from the
/// request or the policy is HTML-encoded in the bodies.
/// </summary>
public sealed class DeploymentNotices(IPeopleDirectory directory, IMailer mailer, IOptions<ApprovalTokenOptions> links, TimeProvider time) : IDeploymentNotices
{
    public const string ReleaseNotesKind = "release-notes";
    public const string RollbackEscalationKind = "rollback-escalation";
    public const string RtoMissedKind = "rto-missed";

    public Task<SentNotices> SendReleaseNotesAsync(ReleaseNotes notes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notes);
        ReleaseWorkflowInput release = notes.Release;
        string subject = $"Release notes: {release.Request.Service} {release.Request.Version} to {release.Request.Environment}";
        return this.SendAsync(ReleaseNotesKind, release, notes.Recipients, subject, ReleaseNotesBody(notes), this.Links(release, incident: null), cancellationToken);
    }

    public Task<SentNotices> SendRollbackEscalationAsync(ReleaseWorkflowInput release, Incident incident, IReadOnlyList<string> recipients, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(incident);
        string subject = $"Rollback: {release.Request.Service} {release.Request.Version} in {release.Request.Environment} (incident {incident.Id})";
        return this.SendAsync(RollbackEscalationKind, release, recipients, subject, this.EscalationBody(release, incident), this.Links(release, incident), cancellationToken);
    }

    public Task<SentNotices> SendRtoMissedAsync(ReleaseWorkflowInput release, Incident incident, IReadOnlyList<string> recipients, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(incident);
        string subject = $"RTO missed: {release.Request.Service} {release.Request.Version} in {release.Request.Environment} (incident {incident.Id})";
        return this.SendAsync(RtoMissedKind, release, recipients, subject, this.RtoMissedBody(release, incident), this.Links(release, incident), cancellationToken);
    }

    private async Task<SentNotices> SendAsync(
        string kind, ReleaseWorkflowInput release, IReadOnlyList<string> recipients, string subject, string body, IReadOnlyList<MailLink> mailLinks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        (IReadOnlyList<DirectoryPerson> people, IReadOnlyList<string> unknown) = await this.ExpandAsync(recipients, cancellationToken).ConfigureAwait(false);
        var mailIds = new List<string>(people.Count);
        foreach (DirectoryPerson person in people)
        {
            mailIds.Add(await mailer.SendAsync(new OutgoingMail(person, kind, subject, body, release.ReleaseId, mailLinks), cancellationToken).ConfigureAwait(false));
        }

        return new SentNotices(kind, mailIds, [.. people.Select(p => p.Id)], unknown);
    }

    /// <summary>People in the order the recipients name them (group members in the directory's order), each once.</summary>
    private async Task<(IReadOnlyList<DirectoryPerson> People, IReadOnlyList<string> Unknown)> ExpandAsync(IReadOnlyList<string> recipients, CancellationToken cancellationToken)
    {
        var people = new List<DirectoryPerson>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var unknown = new List<string>();
        foreach (string name in recipients.Where(r => !string.IsNullOrWhiteSpace(r)).Distinct(StringComparer.Ordinal))
        {
            IReadOnlyList<DirectoryPerson> found = await directory.IsGroupAsync(name, cancellationToken).ConfigureAwait(false)
                ? await directory.GetGroupMembersAsync(name, cancellationToken).ConfigureAwait(false)
                : await directory.FindPersonAsync(name, cancellationToken).ConfigureAwait(false) is { } named ? [named] : [];
            if (found.Count == 0)
            {
                unknown.Add(name);
            }

            foreach (DirectoryPerson person in found)
            {
                if (!seen.Add(person.Id))
                {
                    continue;
                }

                // A member the directory names but cannot be mailed (no address) is reported, not silently dropped.
                if (string.IsNullOrWhiteSpace(person.Mail))
                {
                    unknown.Add(person.Id);
                }
                else
                {
                    people.Add(person);
                }
            }
        }

        return (people, unknown);
    }

    private IReadOnlyList<MailLink> Links(ReleaseWorkflowInput release, Incident? incident)
    {
        if (links.Value.PublicBaseUrl is not { } baseUrl)
        {
            return [];
        }

        var result = new List<MailLink> { new("Release status", new Uri(baseUrl, $"/api/releases/{Uri.EscapeDataString(release.ReleaseId)}")) };
        if (incident is not null)
        {
            result.Add(new MailLink("Incident", new Uri(baseUrl, $"/api/incidents/{Uri.EscapeDataString(incident.Id)}")));
        }

        return result;
    }

    private static string ReleaseNotesBody(ReleaseNotes notes)
    {
        ReleaseWorkflowInput release = notes.Release;
        var html = new StringBuilder();
        html.Append("<html><body>")
            .Append("<p>The release <strong>").Append(E(release.Request.Service)).Append(' ').Append(E(release.Request.Version))
            .Append("</strong> to <strong>").Append(E(release.Request.Environment)).Append("</strong> (").Append(E(release.ReleaseId)).Append(") is cleared to deploy.</p>")
            .Append("<table>")
            .Append(Row("Service", release.Request.Service))
            .Append(Row("Version", release.Request.Version))
            .Append(Row("Environment", release.Request.Environment))
            .Append(Row("Planned start", When(notes.PlannedStart)))
            .Append(Row("Planned end", When(notes.PlannedEnd)))
            .Append("</table>")
            .Append("<h3>Change summary</h3><p>").Append(E(release.Request.ChangeSummary)).Append("</p>")
            .Append("<h3>Known issues</h3>");
        if (notes.KnownIssues.Count == 0)
        {
            html.Append("<p>none declared</p>");
        }
        else
        {
            html.Append("<ul>");
            foreach (string issue in notes.KnownIssues)
            {
                html.Append("<li>").Append(E(issue)).Append("</li>");
            }

            html.Append("</ul>");
        }

        return html.Append("<h3>Rollback plan</h3><table>")
            .Append(Row("Procedure", notes.RollbackProcedureRef ?? "not declared"))
            .Append(Row("Runbook", notes.RunbookUrl ?? "not declared"))
            .Append(Row("Database rollback", notes.DatabaseRollback))
            .Append("</table></body></html>")
            .ToString();
    }

    private string EscalationBody(ReleaseWorkflowInput release, Incident incident) => new StringBuilder()
        .Append("<html><body>")
        .Append(Lead("The release", release, "is being rolled back."))
        .Append("<table>")
        .Append(IncidentRows(incident))
        .Append(Row("Opened", When(incident.OpenedAt)))
        .Append(Row("RTO", Duration(incident.Rto)))
        .Append(Row("Rollback due by", When(incident.OpenedAt + incident.Rto)))
        .Append(Row("Release", this.ReleaseUrl(release)))
        .Append("</table>")
        .Append(incident.RootCauseAnalysisRequired ? "<p>The service owes a root-cause analysis before its next release is accepted.</p>" : string.Empty)
        .Append("</body></html>")
        .ToString();

    private string RtoMissedBody(ReleaseWorkflowInput release, Incident incident)
    {
        string outcome = incident.RolledBackAt is { } done
            ? $"The rollback completed at {When(done)}, {Duration(done - incident.OpenedAt)} after it was requested."
            : $"The rollback has not been reported complete; {Duration(time.GetUtcNow() - incident.OpenedAt)} have passed since it was requested.";
        return new StringBuilder()
            .Append("<html><body>")
            .Append(Lead("The rollback of", release, "missed its recovery time objective."))
            .Append("<p>").Append(E(outcome)).Append("</p>")
            .Append("<table>")
            .Append(IncidentRows(incident))
            .Append(Row("Rollback requested", When(incident.OpenedAt)))
            .Append(Row("RTO", Duration(incident.Rto)))
            .Append(Row("Release", this.ReleaseUrl(release)))
            .Append("</table></body></html>")
            .ToString();
    }

    /// <summary>The opening sentence: what happened to which service, version and environment.</summary>
    private static string Lead(string before, ReleaseWorkflowInput release, string after) =>
        $"<p>{E(before)} <strong>{E(release.Request.Service)} {E(release.Request.Version)}</strong> in <strong>{E(release.Request.Environment)}</strong> {E(after)}</p>";

    private static string IncidentRows(Incident incident) => Row("Incident", incident.Id) + Row("Rule", incident.Rule) + Row("Reason", incident.Reason);

    private string ReleaseUrl(ReleaseWorkflowInput release) =>
        links.Value.PublicBaseUrl is { } baseUrl ? new Uri(baseUrl, $"/api/releases/{Uri.EscapeDataString(release.ReleaseId)}").AbsoluteUri : release.ReleaseId;

    private static string Row(string label, string value) => $"<tr><th align=\"left\">{E(label)}</th><td>{E(value)}</td></tr>";

    private static string When(DateTimeOffset? at) =>
        at is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC" : "not booked";

    /// <summary>E.g. <c>1 h 05 min</c> or <c>45 min 10 s</c>.</summary>
    internal static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        return span.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(long)span.TotalHours} h {span.Minutes:D2} min")
            : string.Create(CultureInfo.InvariantCulture, $"{span.Minutes} min {span.Seconds:D2} s");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
