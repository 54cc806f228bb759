using Microsoft.Extensions.Logging;
using Microsoft.Graph.Models;
using Microsoft.Graph.Users.Item.SendMail;

namespace ReleasePolicy.Notifications.Graph;

/// <summary>
/// Sends each mail as the configured sender (<c>POST /users/{sender}/sendMail</c>) to exactly one recipient, the
/// person's mail address, without a copy in Sent Items (the evidence record is the copy). The id returned is the
/// <c>client-request-id</c> this request carried, which Microsoft's logs can be searched by.
/// </summary>
public sealed partial class GraphMailer(GraphConnection graph, ILogger<GraphMailer> logger) : IMailer
{
    public async Task<string> SendAsync(OutgoingMail mail, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mail);
        if (string.IsNullOrWhiteSpace(mail.To.Mail))
        {
            throw new PermanentFailureException($"'{mail.To.Id}' has no mail address in the directory; the {mail.Kind} mail cannot be sent.");
        }

        string sender = graph.Sender;
        string requestId = Guid.NewGuid().ToString("D");
        var body = new SendMailPostRequestBody
        {
            Message = new Message
            {
                Subject = mail.Subject,
                Body = new ItemBody { ContentType = BodyType.Html, Content = mail.HtmlBody },
                ToRecipients = [new Recipient { EmailAddress = new EmailAddress { Address = mail.To.Mail, Name = mail.To.DisplayName } }],
            },
            SaveToSentItems = false,
        };
        await GraphCalls.Run(() => graph.Client.Users[sender].SendMail.PostAsync(
            body,
            request => request.Headers.Add("client-request-id", requestId),
            cancellationToken)).ConfigureAwait(false);
        LogSent(logger, mail.Kind, mail.ReleaseId, mail.To.Id, requestId);
        return requestId;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent {Kind} mail for {ReleaseId} to {Person} through Graph (client-request-id {RequestId})")]
    private static partial void LogSent(ILogger logger, string kind, string releaseId, string person, string requestId);
}
