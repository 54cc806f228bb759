using System.Net;
using Microsoft.Extensions.Options;
using ReleasePolicy.Approvals;
using ReleasePolicy.Approvals.Tokens;
using ReleasePolicy.Calendar;
using ReleasePolicy.Notifications;

namespace ReleasePolicy.Workflow.Activities;

/// <summary>
/// Tells the requester and the people who approved a release that it moved: the reason and the new slot, by the same
/// mailer as approvals (Microsoft Graph in Azure, the dev outbox locally).
/// </summary>
public sealed class RescheduleNotices(IApprovalStore approvals, IPeopleDirectory directory, IMailer mailer, IOptions<ApprovalTokenOptions> links)
{
    public const string MailKind = "release-rescheduled";

    /// <summary>The requester, then everyone who approved the release in any tier, each once.</summary>
    public async Task<IReadOnlyList<string>> RecipientsAsync(ReleaseWorkflowInput release, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(release);
        IReadOnlyList<ApprovalTierState> tiers = await approvals.ListAsync(release.ReleaseId, cancellationToken).ConfigureAwait(false);
        return
        [
            .. new[] { release.Request.RequestedBy }
                .Concat(tiers.OrderBy(t => t.Tier).SelectMany(t => t.Votes).Where(v => v.Verdict == ApprovalVerdict.Approve).Select(v => v.Person))
                .Distinct(StringComparer.OrdinalIgnoreCase),
        ];
    }

    /// <returns>The mail ids, one per person the directory knows.</returns>
    public async Task<IReadOnlyList<string>> SendAsync(ReleaseWorkflowInput release, IReadOnlyList<string> recipients, Booking booking, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(recipients);
        ArgumentNullException.ThrowIfNull(booking);
        var sent = new List<string>();
        string subject = $"Rescheduled: {release.Request.Service} {release.Request.Version} to {release.Request.Environment}, now {booking.Start.UtcDateTime:yyyy-MM-dd HH:mm} UTC";
        foreach (string id in recipients)
        {
            if (await directory.FindPersonAsync(id, cancellationToken).ConfigureAwait(false) is not { } person)
            {
                continue;
            }

            sent.Add(await mailer.SendAsync(new OutgoingMail(person, MailKind, subject, Body(release, booking, reason), release.ReleaseId, this.Links(release)), cancellationToken).ConfigureAwait(false));
        }

        return sent;
    }

    private IReadOnlyList<MailLink> Links(ReleaseWorkflowInput release) =>
        links.Value.PublicBaseUrl is { } baseUrl ? [new MailLink("Release status", new Uri(baseUrl, $"/api/releases/{release.ReleaseId}"))] : [];

    private static string Body(ReleaseWorkflowInput release, Booking booking, string reason)
    {
        static string E(string text) => WebUtility.HtmlEncode(text);
        return $"""
            <html><body>
            <p>The release <strong>{E(release.Request.Service)} {E(release.Request.Version)}</strong> to <strong>{E(release.Request.Environment)}</strong> ({E(release.ReleaseId)}) was moved.</p>
            <p><strong>Why:</strong> {E(reason)}</p>
            <p><strong>New slot:</strong> {booking.Start.UtcDateTime:yyyy-MM-dd HH:mm:ss} to {booking.End.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC.</p>
            <p>Nothing is needed from you: the approval stands. The change is recorded in the release's evidence.</p>
            </body></html>
            """;
    }
}
