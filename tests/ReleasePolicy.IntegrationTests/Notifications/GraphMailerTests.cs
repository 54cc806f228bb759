using Microsoft.Extensions.Logging.Abstractions;
using ReleasePolicy.IntegrationTests.Infrastructure.GraphStub;
using ReleasePolicy.Notifications;
using ReleasePolicy.Notifications.Graph;

namespace ReleasePolicy.IntegrationTests.Notifications;

public sealed class GraphMailerTests : IAsyncLifetime
{
    private GraphStubServer stub = null!;

    public async Task InitializeAsync()
    {
        this.stub = await GraphStubServer.StartAsync();
        this.stub.AddUser("release-bot@contoso.test", "Release bot");
    }

    public async Task DisposeAsync() => await this.stub.DisposeAsync();

    private static OutgoingMail Mail(string? to = "carol@contoso.test") => new(
        new DirectoryPerson("carol@contoso.test", "Carol Chen", to),
        "approval-request",
        "Approve payments-api 2.4.1 to production",
        "<html><body><h1>payments-api 2.4.1</h1><a href=\"http://127.0.0.1/api/approvals/t\">Approve</a></body></html>",
        "rel-0123",
        [new MailLink("Approve", new Uri("http://127.0.0.1/api/approvals/t"))]);

    [Fact]
    public async Task Send_PostsOneHtmlMailFromTheSender_NotSavedToSentItems()
    {
        using GraphConnection graph = this.stub.Connect(sender: "release-bot@contoso.test");

        string id = await new GraphMailer(graph, NullLogger<GraphMailer>.Instance).SendAsync(Mail());

        StubSentMail sent = Assert.Single(this.stub.SentMails);
        Assert.Equal("release-bot@contoso.test", sent.Sender);
        Assert.Equal(["carol@contoso.test"], sent.To);
        Assert.Equal(["Carol Chen"], sent.ToNames);
        Assert.Equal("Approve payments-api 2.4.1 to production", sent.Subject);
        Assert.Equal("html", sent.ContentType, ignoreCase: true);
        Assert.Equal(Mail().HtmlBody, sent.Content);
        Assert.False(sent.SaveToSentItems);
        Assert.Equal(id, sent.ClientRequestId);

        RecordedRequest request = this.stub.Requests.Single();
        Assert.Equal(("POST", "/v1.0/users/release-bot@contoso.test/sendMail"), (request.Method, Uri.UnescapeDataString(request.PathAndQuery)));
        Assert.Equal("Bearer " + GraphStubServer.Token, request.Headers["authorization"]);
    }

    [Fact]
    public async Task Send_NoSenderConfigured_FailsNamingTheSetting()
    {
        using GraphConnection graph = this.stub.Connect();

        var refused = await Assert.ThrowsAsync<GraphNotConfiguredException>(() => new GraphMailer(graph, NullLogger<GraphMailer>.Instance).SendAsync(Mail()));

        Assert.Contains("ReleasePolicy:Graph:Sender", refused.Message, StringComparison.Ordinal);
        Assert.Empty(this.stub.Requests);
    }

    [Fact]
    public async Task Send_RecipientWithoutMail_PermanentFailureAndNothingSent()
    {
        using GraphConnection graph = this.stub.Connect(sender: "release-bot@contoso.test");

        await Assert.ThrowsAsync<PermanentFailureException>(() => new GraphMailer(graph, NullLogger<GraphMailer>.Instance).SendAsync(Mail(to: null)));

        Assert.Empty(this.stub.Requests);
    }
}
