using Microsoft.Extensions.Logging;

namespace ReleasePolicy.Notifications.DevOutbox;

/// <summary>"Sends" by storing the mail in the dev outbox; the id is the outbox id (<c>GET /api/dev/outbox/{id}</c>).</summary>
public sealed partial class DevOutboxMailer(DevOutboxStore outbox, ILogger<DevOutboxMailer> logger) : IMailer
{
    public async Task<string> SendAsync(OutgoingMail mail, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mail);
        string id = await outbox.SaveAsync(mail, cancellationToken).ConfigureAwait(false);
        LogStored(logger, mail.Kind, mail.ReleaseId, mail.To.Id, id);
        return id;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored {Kind} mail for {ReleaseId} to {Person} in the dev outbox as {MailId}")]
    private static partial void LogStored(ILogger logger, string kind, string releaseId, string person, string mailId);
}
