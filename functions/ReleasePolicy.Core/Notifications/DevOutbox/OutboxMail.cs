namespace ReleasePolicy.Notifications.DevOutbox;

/// <summary>What the dev outbox stores about one mail (its JSON blob; the HTML body is the blob <see cref="BodyBlob"/>).</summary>
/// <param name="Id">Sorts newest first (inverted send time, then a random part).</param>
public sealed record OutboxMail(
    string Id,
    OutboxRecipient To,
    string Kind,
    string Subject,
    string ReleaseId,
    IReadOnlyList<OutboxLink> Links,
    DateTimeOffset SentAt,
    string BodyBlob);

public sealed record OutboxRecipient(string Id, string Name, string? Mail);

public sealed record OutboxLink(string Label, string Url);
