namespace ReleasePolicy.Notifications;

/// <summary>Section <c>ReleasePolicy:Mail</c>.</summary>
public sealed class MailOptions
{
    /// <summary>Graph in Azure (the default); the dev outbox locally.</summary>
    public MailMode Mode { get; set; } = MailMode.Graph;

    /// <summary>The blob container of the dev outbox.</summary>
    public string OutboxContainer { get; set; } = "dev-outbox";
}

public enum MailMode
{
    /// <summary>Microsoft Graph <c>sendMail</c> (section <c>ReleasePolicy:Graph</c>).</summary>
    Graph,

    /// <summary>Blobs listed by <c>GET /api/dev/outbox</c>; refused in Azure.</summary>
    DevOutbox,
}
