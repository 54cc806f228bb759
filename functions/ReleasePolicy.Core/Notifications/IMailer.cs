namespace ReleasePolicy.Notifications;

/// <summary>Sends one mail: Microsoft Graph <c>sendMail</c> in Azure, the dev outbox (blobs) locally.</summary>
public interface IMailer
{
    /// <returns>An id for the sent mail (the outbox blob name, or the Graph request id), recorded as evidence.</returns>
    Task<string> SendAsync(OutgoingMail mail, CancellationToken cancellationToken = default);
}

/// <summary>A mail to one person, with what the dev outbox lists about it.</summary>
/// <param name="Kind">What it is for: <c>approval-request</c>, <c>approval-reminder</c>, <c>approval-escalation</c>, <c>approval-outcome</c>.</param>
/// <param name="Subject">Plain text.</param>
/// <param name="HtmlBody">The full HTML body (an Actionable Message card, when present, is embedded in it).</param>
/// <param name="Links">The actions in the mail (approver page), listed by the dev outbox.</param>
public sealed record OutgoingMail(
    DirectoryPerson To,
    string Kind,
    string Subject,
    string HtmlBody,
    string ReleaseId,
    IReadOnlyList<MailLink> Links);

public sealed record MailLink(string Label, Uri Url);
