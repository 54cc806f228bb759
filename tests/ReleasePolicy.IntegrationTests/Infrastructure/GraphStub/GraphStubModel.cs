namespace ReleasePolicy.IntegrationTests.Infrastructure.GraphStub;

/// <summary>A user of the stub tenant; <see cref="Manager"/> is the manager's UPN.</summary>
internal sealed record StubUser(string ObjectId, string UserPrincipalName, string DisplayName, string? Mail, string? Manager);

/// <summary>A group of the stub tenant: members are user UPNs or other groups' mail nicknames.</summary>
internal sealed record StubGroup(string ObjectId, string MailNickname, List<string> Members);

/// <summary>One request as the stub received it (headers by lower-case name).</summary>
internal sealed record RecordedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>When the stub received it (wall clock: tests compare it with the times deadlines should fire).</summary>
    public DateTimeOffset At { get; init; }
}

/// <summary>One <c>sendMail</c> as the stub understood it.</summary>
internal sealed record StubSentMail(string Sender, IReadOnlyList<string> To, IReadOnlyList<string?> ToNames, string Subject, string ContentType, string Content, bool? SaveToSentItems, string? ClientRequestId)
{
    /// <summary>When the stub received the <c>sendMail</c>.</summary>
    public DateTimeOffset At { get; init; }
}
