namespace ReleasePolicy.Notifications.DevOutbox;

/// <summary>"Sends" by storing the mail in the dev outbox; the id is the outbox id (<c>GET /api/dev/outbox/{id}</c>).</summary>
public sealed class DevOutboxMailer(DevOutboxStore outbox) : IMailer
{
    public Task<string> SendAsync(OutgoingMail mail, CancellationToken cancellationToken = default) => outbox.SaveAsync(mail, cancellationToken);
}
