using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Kiota.Abstractions.Authentication;
using ReleasePolicy.IntegrationTests.Infrastructure;
using ReleasePolicy.IntegrationTests.Infrastructure.GraphStub;

namespace ReleasePolicy.IntegrationTests.Approvals.Graph;

/// <summary>
/// One test's local host in Graph mode (mail and directory through the real Microsoft Graph SDK) and its own Graph
/// stub holding the sample tenant. Nothing is shared between tests, so they can run in parallel.
/// </summary>
internal sealed partial class GraphApprovalHost : IAsyncDisposable
{
    private GraphApprovalHost(GraphStubServer stub, InProcessHost host)
    {
        this.Stub = stub;
        this.Host = host;
        this.Approvers = new ApprovalDriver(host.App.BaseAddress);
    }

    public GraphStubServer Stub { get; }

    /// <summary>The mails Graph received for the test itself: the council's, for publishing its policy, are left out.</summary>
    public IReadOnlyList<StubSentMail> SentMails => this.Stub.SentMails.Skip(this.councilMails).ToArray();

    private int councilMails;

    public InProcessHost Host { get; }

    public ReleaseApiClient Api => this.Host.Api;

    /// <summary>Plays the approvers: the link in each mail is the credential.</summary>
    public ApprovalDriver Approvers { get; }

    /// <summary>Starts the stub with the sample tenant, then the host pointed at it; publishes <paramref name="policy"/> when given.</summary>
    public static async Task<GraphApprovalHost> StartAsync(string? policy = null)
    {
        GraphStubServer stub = await GraphStubServer.StartAsync();
        SampleTenant.Populate(stub);
        InProcessHost? host = null;
        try
        {
            HostSettings settings = await HostSettings.CreateAsync() with
            {
                Extra = new Dictionary<string, string?>
                {
                    ["ReleasePolicy:Mail:Mode"] = "Graph",
                    ["ReleasePolicy:Directory:Mode"] = "Graph",
                    ["ReleasePolicy:Graph:BaseUrl"] = stub.BaseUrl.AbsoluteUri,
                    ["ReleasePolicy:Graph:Sender"] = SampleTenant.Sender,
                },
            };

            // Registered before the app's own registration, so it replaces the Entra credential (see NotificationsRegistration).
            var token = new StaticTokenAuthentication(GraphStubServer.Token, stub.BaseUrl.Host);
            host = await InProcessHost.StartAsync(settings, builder => builder.Services.AddSingleton<IAuthenticationProvider>(token));
            var started = new GraphApprovalHost(stub, host);
            if (policy is not null)
            {
                await started.PublishThroughTheCouncilAsync(policy);
            }

            return started;
        }
        catch
        {
            // Nothing outlives a failed start: the stub and (if it came up) the host are stopped before rethrowing.
            if (host is not null)
            {
                await host.DisposeAsync();
            }

            await stub.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The sample's payments-api patch to production (high risk: route <c>peer</c>, senior-engineers, quorum 2),
    /// requested by <paramref name="requestedBy"/> (a UPN).
    /// </summary>
    public static JsonObject PeerPatch(string requestedBy) => new()
    {
        ["service"] = "payments-api",
        ["version"] = "1.4.2",
        ["environment"] = "production",
        ["type"] = "patch",
        ["requestedBy"] = requestedBy,
        ["changeSummary"] = "Fix rounding in refunds",
        ["evidence"] = ReleaseApiClient.GoodEvidence(DateTimeOffset.UtcNow),
    };

    public Task<string> SubmitAsync(JsonObject request, string idempotencyKey) => ApprovalEndToEndTests.SubmitAsync(this.Host, request, idempotencyKey);

    /// <summary>Waits until the mails the stub received satisfy <paramref name="match"/>; fails listing what it got.</summary>
    public async Task<IReadOnlyList<StubSentMail>> WaitForMailsAsync(Func<IReadOnlyList<StubSentMail>, bool> match, TimeSpan? deadline = null)
    {
        DateTime until = DateTime.UtcNow + (deadline ?? ReleaseApiClient.DefaultDeadline);
        IReadOnlyList<StubSentMail> mails = this.SentMails;
        while (DateTime.UtcNow < until)
        {
            mails = this.SentMails;
            if (match(mails))
            {
                return mails;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"The Graph stub never received the expected mails; it received: {string.Join("; ", mails.Select(m => $"'{m.Subject}' to {string.Join(",", m.To)}"))}");
        return mails;
    }

    /// <summary>The approver page link of a mail (its Approve button).</summary>
    public static Uri LinkOf(StubSentMail mail)
    {
        Match link = ApproveLink().Match(mail.Content);
        Assert.True(link.Success, $"no approve link in the mail '{mail.Subject}' to {string.Join(",", mail.To)}");
        return new Uri(WebUtility.HtmlDecode(link.Groups[1].Value));
    }

    /// <summary>The single mail to <paramref name="address"/> whose subject starts with <paramref name="subjectPrefix"/>.</summary>
    public static StubSentMail To(IEnumerable<StubSentMail> mails, string address, string subjectPrefix = "") =>
        mails.Single(m => m.To.SequenceEqual([address]) && m.Subject.StartsWith(subjectPrefix, StringComparison.Ordinal));

    /// <summary>
    /// Approves or rejects through the mail's link with a JSON body, as an API client does, so a refusal comes back as
    /// problem+json (a form post always gets the HTML page).
    /// </summary>
    public Task<HttpResponseMessage> AnswerAsync(StubSentMail mail, string decision, string? comment = null) =>
        this.Approvers.Http.PostAsJsonAsync(LinkOf(mail), new { decision, comment });

    /// <summary>
    /// Proposes <paramref name="policy"/> as the administrator and approves it as the Release Policy Council, from the
    /// mails Graph delivered (the stub is fresh, so every mail so far is the council's); returns once it is active.
    /// </summary>
    public async Task PublishThroughTheCouncilAsync(string policy)
    {
        using HttpResponseMessage proposed = await PolicyChanges.ProposeAsync(this.Host.App.BaseAddress, policy, this.Host.Settings.AdminKey);
        string body = await proposed.Content.ReadAsStringAsync();
        Assert.True(proposed.StatusCode == HttpStatusCode.Accepted, body);
        string version = JsonDocument.Parse(body).RootElement.GetProperty("version").GetString()!;
        var answered = new HashSet<Uri>();
        DateTime until = DateTime.UtcNow + ReleaseApiClient.DefaultDeadline;
        while (DateTime.UtcNow < until)
        {
            JsonElement status = await PolicyChanges.StatusAsync(this.Host.App.BaseAddress, this.Host.Settings.AdminKey, version);
            if (status.GetProperty("status").GetString() != "pending")
            {
                Assert.True(status.GetProperty("active").GetBoolean(), status.ToString());
                this.councilMails = this.Stub.SentMails.Count;
                return;
            }

            foreach (StubSentMail mail in this.Stub.SentMails.Where(m => answered.Add(LinkOf(m))))
            {
                using HttpResponseMessage ignored = await this.AnswerAsync(mail, "approve", "council approval for the test");
            }

            await Task.Delay(200);
        }

        Assert.Fail($"The policy proposal {version} stayed pending.");
    }

    /// <summary>The release's first approval tier as <c>GET /api/releases/{id}</c> shows it.</summary>
    public static JsonElement FirstTier(JsonElement release) => release.GetProperty("approvals")[0];

    public async ValueTask DisposeAsync()
    {
        this.Approvers.Dispose();
        await this.Host.DisposeAsync();
        await this.Stub.DisposeAsync();
    }

    [GeneratedRegex("id=\"approve-link\" href=\"([^\"]+)\"")]
    private static partial Regex ApproveLink();
}
