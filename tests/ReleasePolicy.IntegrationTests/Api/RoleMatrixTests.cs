using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ReleasePolicy.Access;
using ReleasePolicy.IntegrationTests.Infrastructure;
using ReleasePolicy.LocalHost.Functions;
using ReleasePolicy.Notifications;
using ReleasePolicy.Policy;
using ReleasePolicy.Testing;

namespace ReleasePolicy.IntegrationTests.Api;

/// <summary>
/// Every route × every kind of caller, over HTTP on the local host, against an expectation written out by hand
/// (not derived from the route table it checks). A new route fails <see cref="Matrix_CoversEveryHttpFunction"/>
/// until its row is added here.
/// </summary>
public sealed class RoleMatrixTests(RoleMatrixTests.Host fixture) : IClassFixture<RoleMatrixTests.Host>
{
    private const int Ok = 200;
    private const int Unauthenticated = 401;
    private const int Forbidden = 403;

    /// <summary>Function → expected outcome for: none, wrong key, pipeline, admin, auditor, platform principal.</summary>
    private static readonly Dictionary<string, int[]> Expected = new(StringComparer.Ordinal)
    {
        ["SubmitRelease"] = [401, 401, Ok, Forbidden, Forbidden, Ok],
        ["GetRelease"] = [401, 401, Ok, Ok, Ok, Ok],
        ["GetReleaseSubmission"] = [401, 401, Ok, Ok, Ok, Ok],
        ["ListReleases"] = [401, 401, Ok, Ok, Ok, Ok],
        ["GetPolicy"] = [401, 401, Ok, Ok, Ok, Ok],
        ["ListPolicyVersions"] = [401, 401, Ok, Ok, Ok, Ok],
        ["GetPolicyVersion"] = [401, 401, Ok, Ok, Ok, Ok],
        ["GetPolicyControls"] = [401, 401, Ok, Ok, Ok, Ok],
        ["PublishPolicy"] = [401, 401, Forbidden, Ok, Forbidden, Forbidden],

        // Any authenticated caller may follow a proposal; an unknown one is a 404 once past the door.
        ["GetPolicyProposal"] = [401, 401, 404, 404, 404, 404],
        ["ListAuditReleases"] = [401, 401, Forbidden, Forbidden, Ok, Forbidden],
        ["GetAuditRelease"] = [401, 401, Forbidden, Forbidden, Ok, Forbidden],
        ["VerifyAuditRelease"] = [401, 401, Forbidden, Forbidden, Ok, Forbidden],
        ["ExportAuditRelease"] = [401, 401, Forbidden, Forbidden, Ok, Forbidden],
        ["PlaceLegalHold"] = [401, 401, Forbidden, Forbidden, Ok, Forbidden],
        ["ClearLegalHold"] = [401, 401, Forbidden, Forbidden, Ok, Forbidden],
        ["GetLedger"] = [401, 401, Forbidden, Forbidden, Ok, Forbidden],
        ["VerifyLedger"] = [401, 401, Forbidden, Forbidden, Ok, Forbidden],
        ["GetSigningKeys"] = [401, 401, Ok, Ok, Ok, Ok],
        ["GetHealth"] = [401, 401, Ok, Ok, Ok, Ok],
        ["GetAccessReview"] = [401, 401, Forbidden, Ok, Ok, Forbidden],

        // Token-bearer routes: opened from a browser without credentials (the dev outbox exists only locally).
        ["GetDevOutbox"] = [Ok, Ok, Ok, Ok, Ok, Ok],

        // The link is the credential: keys neither help nor hurt, and a link that is not one is a 400 for everyone.
        ["GetApprovalPage"] = [400, 400, 400, 400, 400, 400],
        ["AnswerApproval"] = [400, 400, 400, 400, 400, 400],

        // Outlook's bearer token is the credential; without one (and with Actionable Messages off) nobody gets in.
        ["AnswerActionableMessage"] = [401, 401, 401, 401, 401, 401],

        // Anyone's pending list for operators and auditors; a signed-in person only their own (alice asks for ivan's).
        ["ListPendingApprovals"] = [401, 401, Forbidden, Ok, Ok, Forbidden],
        ["GetDevOutboxMail"] = [Ok, Ok, Ok, Ok, Ok, Ok],

        // The dev event outbox, like the mail outbox: no credentials needed, and it exists only locally.
        ["GetDevEvents"] = [Ok, Ok, Ok, Ok, Ok, Ok],

        // The calendar is for every known caller; the feed too (its key may also come in `code`, see CalendarApiTests).
        ["GetCalendar"] = [401, 401, Ok, Ok, Ok, Ok],
        ["GetCalendarFeed"] = [401, 401, Ok, Ok, Ok, Ok],
        ["GetCalendarSlots"] = [401, 401, Ok, Ok, Ok, Ok],

        // Any known caller may look a freeze up; an unknown id is a 404 once past the door.
        ["GetCalendarFreeze"] = [401, 401, 404, 404, 404, 404],

        // Ad-hoc freezes: the policy administrator only (an operator role alone is not enough).
        ["AddCalendarFreeze"] = [401, 401, Forbidden, Ok, Forbidden, Forbidden],

        // The Event Grid webhook and its handshake take a signal key (the pipeline's); unmatched events are for operators.
        ["ReceiveEvents"] = [401, 401, Ok, Forbidden, Forbidden, Forbidden],
        ["EventsHandshake"] = [401, 401, Ok, Forbidden, Forbidden, Forbidden],
        ["ListUnmatchedEvents"] = [401, 401, Forbidden, Ok, Forbidden, Forbidden],

        // Alerts take a signal key like the webhook. Any known caller reaches a release's signals, and the function wants
        // release.signal for a pipeline signal (the admin, the auditor and alice lack it); reading them is as reading the release.
        ["ReceiveAlert"] = [401, 401, Ok, Forbidden, Forbidden, Forbidden],
        ["PostReleaseSignal"] = [401, 401, Ok, Forbidden, Forbidden, Forbidden],
        ["ListReleaseSignals"] = [401, 401, Ok, Ok, Ok, Ok],
        // Incidents are read like releases (the platform person has release.submit); an RCA is for any caller past the
        // door, and then for an owner of the incident's service: an unknown incident is a 404 for everyone first.
        ["ListIncidents"] = [401, 401, Ok, Ok, Ok, Ok],
        ["GetIncident"] = [401, 401, 404, 404, 404, 404],
        ["FileRootCauseAnalysis"] = [401, 401, 404, 404, 404, 404],
    };

    public enum Caller
    {
        None,
        WrongKey,
        Pipeline,
        Admin,
        Auditor,
        PlatformPrincipal,
    }

    public static TheoryData<string, Caller> Cases()
    {
        var data = new TheoryData<string, Caller>();
        foreach (string function in Expected.Keys)
        {
            foreach (Caller caller in Enum.GetValues<Caller>())
            {
                data.Add(function, caller);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Route_CalledBy_AnswersAsTheMatrixSays(string function, Caller caller)
    {
        int expected = Expected[function][(int)caller];
        using HttpRequestMessage request = fixture.RequestFor(function);
        fixture.Authenticate(request, caller);

        using HttpResponseMessage response = await fixture.Http.SendAsync(request);

        string body = await response.Content.ReadAsStringAsync();
        int actual = (int)response.StatusCode;
        if (expected == Ok)
        {
            Assert.True(actual is >= 200 and < 300, $"{function} as {caller}: expected 2xx, got {actual} {body}");
        }
        else
        {
            Assert.True(expected == actual, $"{function} as {caller}: expected {expected}, got {actual} {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public void Matrix_CoversEveryHttpFunction()
    {
        string[] hosted = fixture.Local.App.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(e => e.Metadata.GetMetadata<FunctionDescriptor>()?.Name)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.Equal(hosted, Expected.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ForgedPlatformPrincipal_OnHostThatDoesNotTrustIt_GainsNothing()
    {
        await using InProcessHost untrusting = await InProcessHost.StartAsync();
        using var http = new HttpClient { BaseAddress = untrusting.App.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/releases");
        request.Headers.Add(PlatformPrincipal.HeaderName, Host.PlatformHeader("mallory", Roles.All.ToArray()));

        using HttpResponseMessage response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task SubmittedRelease_RecordsSubmittedByPrincipalAndRequestedByPerson()
    {
        JsonElement release = await fixture.Local.Api.GetReleaseAsync(fixture.ReleaseId);

        Assert.Equal("local-pipeline", release.GetProperty("submittedBy").GetString());
        Assert.Equal("alice", release.GetProperty("requestedBy").GetString());
    }

    [Fact]
    public async Task PlatformPerson_SubmittingForSomeoneElse_Is403OnRequestedBy()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/releases")
        {
            Content = JsonContent.Create(ReleaseApiClient.PatchRequest(service: "orders-api", version: "9.9.9")),
        };
        request.Headers.Add(PlatformPrincipal.HeaderName, Host.PlatformHeader("alice", Roles.ReleaseSubmit));

        using HttpResponseMessage response = await fixture.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("requestedBy", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishPolicy_ByAdmin_RecordsTheAuthenticatedPrincipalNotAHeader()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/policy")
        {
            Content = new StringContent(SamplePolicy.Text.Replace("version: \"2026.11.1\"", "version: \"2026.11.1-who\"", StringComparison.Ordinal), Encoding.UTF8, "application/yaml"),
        };
        fixture.Authenticate(request, Caller.Admin);
        request.Headers.Add("x-ms-client-principal-name", "someone-else");

        using HttpResponseMessage response = await fixture.Http.SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        JsonElement proposed = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("policy-admin", proposed.GetProperty("proposedBy").GetString());
    }

    /// <summary>One host for the whole matrix, trusting the platform principal, with one release to read.</summary>
    public sealed class Host : IAsyncLifetime
    {
        internal InProcessHost Local { get; private set; } = null!;

        public HttpClient Http { get; private set; } = null!;

        public string ReleaseId { get; private set; } = string.Empty;

        /// <summary>One mail in this host's dev outbox, for the route that shows a mail.</summary>
        public string MailId { get; private set; } = string.Empty;

        // Evidence carries timestamps: one body for every row keeps each submission a replay of the first.
        private readonly string submission = JsonSerializer.Serialize(ReleaseApiClient.PatchRequest(version: "7.7.7"));

        // A freeze on staging for an hour from when the matrix runs (nothing here deploys to staging).
        private readonly string freeze = JsonSerializer.Serialize(new { reason = "Role matrix", end = DateTimeOffset.UtcNow.AddHours(1), environments = new[] { "staging" } });

        /// <summary>One CloudEvent about no release of ours: every row may deliver it again (a duplicate is 200 too).</summary>
        private const string MatrixEvent = """{"specversion":"1.0","type":"ReleasePolicy.Deployment.Started","source":"/matrix","id":"matrix-1","data":{"service":"nowhere"}}""";

        /// <summary>An alert no mapping names (this host's policy has no monitoring section): unmatched, then a duplicate.</summary>
        private const string MatrixAlert = """{"schemaId":"azureMonitorCommonAlertSchema","data":{"essentials":{"alertId":"matrix-alert","alertRule":"matrix","severity":"Sev3","monitorCondition":"Fired"},"customProperties":null}}""";

        /// <summary>A health sample for the matrix release (in approval: recorded, not raised); later rows are duplicates.</summary>
        private const string MatrixSignal = """{"id":"matrix-sample-1","type":"ReleasePolicy.Health.Sample","data":{"errorRatePercent":0.1}}""";

        /// <summary>A UTC day that has certainly ended, grace period included.</summary>
        private static string EndedDay => DateTime.UtcNow.AddDays(-2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        public static string PlatformHeader(string name, params string[] roles) =>
            PlatformPrincipal.Encode("aad", [("name", name), .. roles.Select(r => ("roles", r))]);

        public async Task InitializeAsync()
        {
            HostSettings settings = await HostSettings.CreateAsync() with
            {
                Extra = new Dictionary<string, string?>
                {
                    ["ReleasePolicy:Auth:TrustPlatformPrincipal"] = "true",
                    ["ReleasePolicy:Mail:OutboxContainer"] = TestNames.Unique("outbox"),
                },
            };
            this.Local = await InProcessHost.StartAsync(settings);
            this.MailId = await this.Local.App.App.Services.GetRequiredService<IMailer>().SendAsync(new OutgoingMail(
                new DirectoryPerson("carol", "Carol", "carol@contoso.test"), "approval-request", "Matrix", "<p>Matrix</p>", "rel-matrix", []));
            this.Http = new HttpClient { BaseAddress = this.Local.App.BaseAddress };
            using HttpResponseMessage submitted = await this.Local.Api.SubmitAsync(ReleaseApiClient.PatchRequest(), "matrix-release");
            string body = await submitted.Content.ReadAsStringAsync();
            Assert.True(submitted.StatusCode == HttpStatusCode.Accepted, body);
            this.ReleaseId = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
        }

        public async Task DisposeAsync()
        {
            this.Http.Dispose();
            await this.Local.DisposeAsync();
        }

        public HttpRequestMessage RequestFor(string function) => function switch
        {
            // The same release body every time: a replay is 202 as well, so rows stay independent.
            "SubmitRelease" => new HttpRequestMessage(HttpMethod.Post, "/api/releases") { Content = new StringContent(this.submission, Encoding.UTF8, "application/json") },
            "GetRelease" => new HttpRequestMessage(HttpMethod.Get, $"/api/releases/{this.ReleaseId}"),
            "GetReleaseSubmission" => new HttpRequestMessage(HttpMethod.Get, $"/api/releases/{this.ReleaseId}/submission"),
            "ListReleases" => new HttpRequestMessage(HttpMethod.Get, "/api/releases"),
            "GetPolicy" => new HttpRequestMessage(HttpMethod.Get, "/api/policy"),
            "ListPolicyVersions" => new HttpRequestMessage(HttpMethod.Get, "/api/policy/versions"),
            "GetPolicyVersion" => new HttpRequestMessage(HttpMethod.Get, "/api/policy/versions/1"),
            "GetPolicyControls" => new HttpRequestMessage(HttpMethod.Get, "/api/policy/controls"),
            "PublishPolicy" => new HttpRequestMessage(HttpMethod.Put, "/api/policy") { Content = new StringContent(TestPolicies.SampleWithoutCalendar, Encoding.UTF8, "application/yaml") },
            "GetPolicyProposal" => new HttpRequestMessage(HttpMethod.Get, "/api/policy/proposals/0.0.0-never-proposed"),
            "ListAuditReleases" => new HttpRequestMessage(HttpMethod.Get, "/api/audit/releases"),
            "GetAuditRelease" => new HttpRequestMessage(HttpMethod.Get, $"/api/audit/releases/{this.ReleaseId}"),
            "VerifyAuditRelease" => new HttpRequestMessage(HttpMethod.Get, $"/api/audit/releases/{this.ReleaseId}/verify"),
            "ExportAuditRelease" => new HttpRequestMessage(HttpMethod.Get, $"/api/audit/releases/{this.ReleaseId}/export"),
            "PlaceLegalHold" => new HttpRequestMessage(HttpMethod.Post, $"/api/audit/releases/{this.ReleaseId}/legal-hold") { Content = new StringContent("{\"reason\":\"matrix\"}", Encoding.UTF8, "application/json") },
            "ClearLegalHold" => new HttpRequestMessage(HttpMethod.Delete, $"/api/audit/releases/{this.ReleaseId}/legal-hold") { Content = new StringContent("{\"reason\":\"matrix\"}", Encoding.UTF8, "application/json") },
            "GetLedger" => new HttpRequestMessage(HttpMethod.Get, $"/api/audit/ledger/{EndedDay}"),
            "VerifyLedger" => new HttpRequestMessage(HttpMethod.Get, $"/api/audit/ledger/{EndedDay}/verify"),
            "GetSigningKeys" => new HttpRequestMessage(HttpMethod.Get, "/api/audit/signing-keys"),
            "GetHealth" => new HttpRequestMessage(HttpMethod.Get, "/api/health"),
            "GetAccessReview" => new HttpRequestMessage(HttpMethod.Get, "/api/approvals/access-review"),
            "GetDevOutbox" => new HttpRequestMessage(HttpMethod.Get, "/api/dev/outbox"),
            "GetApprovalPage" => new HttpRequestMessage(HttpMethod.Get, "/api/approvals/not-a-token"),
            "AnswerApproval" => new HttpRequestMessage(HttpMethod.Post, "/api/approvals/not-a-token") { Content = new StringContent("{\"decision\":\"approve\"}", Encoding.UTF8, "application/json") },
            "AnswerActionableMessage" => new HttpRequestMessage(HttpMethod.Post, "/api/approvals/actionable") { Content = new StringContent("{\"decision\":\"approve\",\"token\":\"x\"}", Encoding.UTF8, "application/json") },
            "ListPendingApprovals" => new HttpRequestMessage(HttpMethod.Get, "/api/approvals/pending?approver=ivan"),
            "GetDevOutboxMail" => new HttpRequestMessage(HttpMethod.Get, $"/api/dev/outbox/{this.MailId}"),
            "GetDevEvents" => new HttpRequestMessage(HttpMethod.Get, "/api/dev/events?releaseId=rel-matrix"),
            "GetCalendar" => new HttpRequestMessage(HttpMethod.Get, "/api/calendar?environment=production"),
            "GetCalendarFeed" => new HttpRequestMessage(HttpMethod.Get, "/api/calendar.ics?environment=production"),
            "GetCalendarSlots" => new HttpRequestMessage(HttpMethod.Get, "/api/calendar/slots?environment=production&service=payments-api"),
            "GetCalendarFreeze" => new HttpRequestMessage(HttpMethod.Get, "/api/calendar/freezes/adhoc-00000000000000000000000000000000"),
            "AddCalendarFreeze" => new HttpRequestMessage(HttpMethod.Post, "/api/calendar/freezes") { Content = new StringContent(this.freeze, Encoding.UTF8, "application/json") },
            "ReceiveEvents" => new HttpRequestMessage(HttpMethod.Post, "/api/events") { Content = new StringContent(MatrixEvent, Encoding.UTF8, "application/cloudevents+json") },
            "EventsHandshake" => new HttpRequestMessage(HttpMethod.Options, "/api/events") { Headers = { { "WebHook-Request-Origin", "eventgrid.azure.net" } } },
            "ListUnmatchedEvents" => new HttpRequestMessage(HttpMethod.Get, "/api/events/unmatched?limit=5"),
            "ReceiveAlert" => new HttpRequestMessage(HttpMethod.Post, "/api/alerts") { Content = new StringContent(MatrixAlert, Encoding.UTF8, "application/json") },
            "PostReleaseSignal" => new HttpRequestMessage(HttpMethod.Post, $"/api/releases/{this.ReleaseId}/signals") { Content = new StringContent(MatrixSignal, Encoding.UTF8, "application/json") },
            "ListReleaseSignals" => new HttpRequestMessage(HttpMethod.Get, $"/api/releases/{this.ReleaseId}/signals"),
            "ListIncidents" => new HttpRequestMessage(HttpMethod.Get, "/api/incidents?limit=5"),
            "GetIncident" => new HttpRequestMessage(HttpMethod.Get, "/api/incidents/inc-rel-00000000000000000000000000000000"),
            "FileRootCauseAnalysis" => new HttpRequestMessage(HttpMethod.Post, "/api/incidents/inc-rel-00000000000000000000000000000000/rca") { Content = new StringContent("{\"findings\":\"matrix\",\"actions\":[\"none\"]}", Encoding.UTF8, "application/json") },
            _ => throw new ArgumentOutOfRangeException(nameof(function), function, "Add a request for this route."),
        };

        public void Authenticate(HttpRequestMessage request, Caller caller)
        {
            switch (caller)
            {
                case Caller.WrongKey:
                    request.Headers.Add("x-functions-key", "wrong-key-" + Guid.NewGuid().ToString("N"));
                    break;
                case Caller.Pipeline:
                    request.Headers.Add("x-functions-key", this.Local.Settings.FunctionKey);
                    break;
                case Caller.Admin:
                    request.Headers.Add("x-functions-key", this.Local.Settings.AdminKey);
                    break;
                case Caller.Auditor:
                    request.Headers.Add("x-functions-key", this.Local.Settings.AuditorKey);
                    break;
                case Caller.PlatformPrincipal:
                    // Alice, signed in through App Service authentication, with the submit role: she may submit as herself.
                    request.Headers.Add(PlatformPrincipal.HeaderName, PlatformHeader("alice", Roles.ReleaseSubmit));
                    break;
            }
        }
    }
}
