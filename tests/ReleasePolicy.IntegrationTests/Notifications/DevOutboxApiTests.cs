using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ReleasePolicy.Functions;
using ReleasePolicy.IntegrationTests.Infrastructure;
using ReleasePolicy.Notifications;
using ReleasePolicy.Notifications.DevOutbox;

namespace ReleasePolicy.IntegrationTests.Notifications;

/// <summary>The local host's default mailer and its page, over HTTP, as a browser (no credentials) opens them.</summary>
public sealed class DevOutboxApiTests(DevOutboxApiTests.Host fixture) : IClassFixture<DevOutboxApiTests.Host>
{
    [Fact]
    public async Task Json_ListsStoredMailsNewestFirstWithRecipientAndLinks()
    {
        string release = "rel-" + Guid.NewGuid().ToString("N");
        string first = await fixture.SendAsync(Mail(release, "alice", "First"));
        string second = await fixture.SendAsync(Mail(release, "bob", "Second"));

        JsonElement[] mails = await fixture.ListJsonAsync($"?releaseId={release}");

        Assert.Equal([second, first], mails.Select(m => m.GetProperty("id").GetString()));
        JsonElement newest = mails[0];
        Assert.Equal("bob", newest.GetProperty("to").GetProperty("id").GetString());
        Assert.Equal("Bob Person", newest.GetProperty("to").GetProperty("name").GetString());
        Assert.Equal("bob@contoso.test", newest.GetProperty("to").GetProperty("mail").GetString());
        Assert.Equal("approval-request", newest.GetProperty("kind").GetString());
        Assert.Equal("Second", newest.GetProperty("subject").GetString());
        Assert.Equal(release, newest.GetProperty("releaseId").GetString());
        JsonElement link = Assert.Single(newest.GetProperty("links").EnumerateArray());
        Assert.Equal(("Approve", $"http://127.0.0.1:7071/api/approvals/{release}-bob"), (link.GetProperty("label").GetString(), link.GetProperty("url").GetString()));
        Assert.True(newest.TryGetProperty("sentAt", out _));
    }

    [Fact]
    public async Task Json_FilterByRecipientIdOrMail()
    {
        string release = "rel-" + Guid.NewGuid().ToString("N");
        await fixture.SendAsync(Mail(release, "alice", "For Alice"));
        await fixture.SendAsync(Mail(release, "bob", "For Bob"));

        Assert.Equal(["For Alice"], (await fixture.ListJsonAsync($"?releaseId={release}&to=alice")).Select(m => m.GetProperty("subject").GetString()));
        Assert.Equal(["For Bob"], (await fixture.ListJsonAsync($"?releaseId={release}&to=BOB%40contoso.test")).Select(m => m.GetProperty("subject").GetString()));
    }

    [Fact]
    public async Task Html_ListsMailsEscapedWithClickableLinksAndNoScript()
    {
        string release = "rel-" + Guid.NewGuid().ToString("N");
        string id = await fixture.SendAsync(Mail(release, "alice", "<script>alert('x')</script> payments-api"));

        using HttpResponseMessage response = await fixture.Browser.GetAsync($"/api/dev/outbox?releaseId={release}");
        string html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(DevOutboxPage.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"http://127.0.0.1:7071/api/approvals/{release}-alice\">Approve</a>", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/dev/outbox/{id}\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mail_ServesTheStoredHtmlBody()
    {
        string release = "rel-" + Guid.NewGuid().ToString("N");
        string id = await fixture.SendAsync(Mail(release, "alice", "Body test"));

        using HttpResponseMessage response = await fixture.Browser.GetAsync($"/api/dev/outbox/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"<html><body><p>Release {release}</p></body></html>", await response.Content.ReadAsStringAsync());
        Assert.Equal(DevOutboxPage.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Theory]
    [InlineData("0000000000000000001-0123456789abcdef0123456789abcdef")]
    [InlineData("not-an-id")]
    [InlineData("..%2F..%2Fevidence")]
    public async Task Mail_UnknownId_404Problem(string id)
    {
        using HttpResponseMessage response = await fixture.Browser.GetAsync($"/api/dev/outbox/{id}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task List_OverlongFilter_400ProblemNamingIt()
    {
        using HttpResponseMessage response = await fixture.Browser.GetAsync("/api/dev/outbox?to=" + new string('x', 300));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"to\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GraphMode_OutboxAnswers404()
    {
        HostSettings settings = await HostSettings.CreateAsync() with
        {
            Extra = new Dictionary<string, string?> { ["ReleasePolicy:Mail:Mode"] = "Graph" },
        };
        await using InProcessHost graphHost = await InProcessHost.StartAsync(settings);
        using var browser = new HttpClient { BaseAddress = graphHost.App.BaseAddress };

        using HttpResponseMessage list = await browser.GetAsync("/api/dev/outbox");
        using HttpResponseMessage one = await browser.GetAsync("/api/dev/outbox/0000000000000000001-0123456789abcdef0123456789abcdef");

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (list.StatusCode, one.StatusCode));
        Assert.Equal("application/problem+json", list.Content.Headers.ContentType?.MediaType);
        Assert.IsType<ReleasePolicy.Notifications.Graph.GraphMailer>(graphHost.App.App.Services.GetRequiredService<IMailer>());
    }

    [Fact]
    public void DevOutbox_InAzure_RefusedAtStartup()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => NotificationsRegistration.EnsureAllowed(MailMode.DevOutbox, "instance-1"));

        Assert.Contains("DevOutbox", refused.Message, StringComparison.Ordinal);
        NotificationsRegistration.EnsureAllowed(MailMode.Graph, "instance-1");
        NotificationsRegistration.EnsureAllowed(MailMode.DevOutbox, null);

        // The policy's own directory would let the policy's author pick the approvers: refused in Azure too.
        Assert.Throws<InvalidOperationException>(() => NotificationsRegistration.EnsureAllowed(DirectoryMode.Policy, "instance-1"));
        NotificationsRegistration.EnsureAllowed(DirectoryMode.Graph, "instance-1");
        NotificationsRegistration.EnsureAllowed(DirectoryMode.Policy, null);
    }

    private static OutgoingMail Mail(string release, string person, string subject) => new(
        new DirectoryPerson(person, char.ToUpperInvariant(person[0]) + person[1..] + " Person", $"{person}@contoso.test"),
        "approval-request",
        subject,
        $"<html><body><p>Release {release}</p></body></html>",
        release,
        [new MailLink("Approve", new Uri($"http://127.0.0.1:7071/api/approvals/{release}-{person}"))]);

    /// <summary>One local host with its own outbox container; a browser-like client that sends no credentials.</summary>
    public sealed class Host : IAsyncLifetime
    {
        internal InProcessHost Local { get; private set; } = null!;

        public HttpClient Browser { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            HostSettings settings = await HostSettings.CreateAsync() with
            {
                Extra = new Dictionary<string, string?> { ["ReleasePolicy:Mail:OutboxContainer"] = TestNames.Unique("outbox") },
            };
            this.Local = await InProcessHost.StartAsync(settings);
            this.Browser = new HttpClient { BaseAddress = this.Local.App.BaseAddress };
        }

        public async Task DisposeAsync()
        {
            this.Browser.Dispose();
            await this.Local.DisposeAsync();
        }

        public Task<string> SendAsync(OutgoingMail mail) => this.Local.App.App.Services.GetRequiredService<IMailer>().SendAsync(mail);

        public async Task<JsonElement[]> ListJsonAsync(string query)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/dev/outbox" + query);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using HttpResponseMessage response = await this.Browser.SendAsync(request);
            string body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            return JsonDocument.Parse(body).RootElement.GetProperty("mails").EnumerateArray().ToArray();
        }
    }
}
