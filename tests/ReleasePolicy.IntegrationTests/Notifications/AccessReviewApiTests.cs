using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Kiota.Abstractions.Authentication;
using ReleasePolicy.IntegrationTests.Infrastructure;
using ReleasePolicy.IntegrationTests.Infrastructure.GraphStub;

namespace ReleasePolicy.IntegrationTests.Notifications;

/// <summary>
/// <c>GET /api/approvals/access-review</c> on the local host with the Graph directory, through the real SDK, against
/// the Graph stub, under the sample policy (seeded).
/// </summary>
public sealed class AccessReviewApiTests(AccessReviewApiTests.Host fixture) : IClassFixture<AccessReviewApiTests.Host>
{
    [Fact]
    public async Task Json_ListsEveryApproverResolvedThroughGraphWithTheClause()
    {
        using HttpResponseMessage response = await fixture.GetAsync(string.Empty, asAuditor: true);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        JsonElement review = JsonDocument.Parse(body).RootElement;
        JsonElement[] rows = review.GetProperty("rows").EnumerateArray().ToArray();

        // Erin is in the CAB through a nested group.
        JsonElement erin = rows.First(r => r.GetProperty("person").GetString() == "erin@contoso.test" && r.GetProperty("chain").GetString() == "oversight.cab");
        Assert.Equal("change-advisory-board", erin.GetProperty("via").GetString());
        Assert.StartsWith("oversight.cab.", erin.GetProperty("clause").GetString(), StringComparison.Ordinal);
        Assert.Equal("Erin Eng", erin.GetProperty("displayName").GetString());
        Assert.Equal(review.GetProperty("policyVersion").GetString(), erin.GetProperty("policyVersion").GetString());
        Assert.Contains(rows, r => r.GetProperty("person").GetString() == "vera@contoso.test" && r.GetProperty("chain").GetString() == "oversight.cabPlusSenior");
        string[] people = rows.Select(r => r.GetProperty("person").GetString()!).ToArray();
        Assert.Equal(people.Order(StringComparer.OrdinalIgnoreCase), people);
    }

    [Fact]
    public async Task Csv_ByAcceptOrFormat_QuotedWithFormulasNeutralised()
    {
        using HttpResponseMessage byAccept = await fixture.GetAsync(string.Empty, asAuditor: false, accept: "text/csv");
        using HttpResponseMessage byQuery = await fixture.GetAsync("?format=csv", asAuditor: true);

        foreach (HttpResponseMessage response in new[] { byAccept, byQuery })
        {
            string csv = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, csv);
            Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
            Assert.StartsWith("\"person\",\"displayName\",\"mail\",\"chain\",\"tier\",\"via\",\"clause\",\"policyVersion\"\r\n", csv, StringComparison.Ordinal);
            Assert.Contains("\"mallory@contoso.test\",\"'=HYPERLINK(\"\"http://evil.test\"\",\"\"x\"\")\",", csv, StringComparison.Ordinal);
            Assert.DoesNotContain(",\"=", csv, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task UnknownFormat_400ProblemNamingFormat()
    {
        using HttpResponseMessage response = await fixture.GetAsync("?format=xml", asAuditor: true);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"format\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GraphFailing_503Problem()
    {
        fixture.Graph.FailNext(500, 1);

        using HttpResponseMessage response = await fixture.GetAsync(string.Empty, asAuditor: true);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>A local host whose people directory is the Graph stub (sample policy groups, nested, one hostile name).</summary>
    public sealed class Host : IAsyncLifetime
    {
        internal InProcessHost Local { get; private set; } = null!;

        internal GraphStubServer Graph { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            this.Graph = await GraphStubServer.StartAsync();
            this.Graph.AddUser("carol@contoso.test", "Carol Chen");
            this.Graph.AddUser("dave@contoso.test", "Dave Diaz");
            this.Graph.AddUser("erin@contoso.test", "Erin Eng");
            this.Graph.AddUser("vera@contoso.test", "Vera VP");
            this.Graph.AddUser("mallory@contoso.test", "=HYPERLINK(\"http://evil.test\",\"x\")");
            this.Graph.AddGroup("release-managers", "mallory@contoso.test");
            this.Graph.AddGroup("senior-engineers", "dave@contoso.test");
            this.Graph.AddGroup("change-advisory-board", "carol@contoso.test", "cab-deputies");
            this.Graph.AddGroup("cab-deputies", "erin@contoso.test");
            this.Graph.AddGroup("vp-engineering", "vera@contoso.test");

            HostSettings settings = await HostSettings.CreateAsync() with
            {
                Extra = new Dictionary<string, string?>
                {
                    ["ReleasePolicy:Directory:Mode"] = "Graph",
                    ["ReleasePolicy:Graph:BaseUrl"] = this.Graph.BaseUrl.AbsoluteUri,
                },
            };
            var token = new StaticTokenAuthentication(GraphStubServer.Token, this.Graph.BaseUrl.Host);
            this.Local = await InProcessHost.StartAsync(settings, builder => builder.Services.AddSingleton<IAuthenticationProvider>(token));
        }

        public async Task DisposeAsync()
        {
            await this.Local.DisposeAsync();
            await this.Graph.DisposeAsync();
        }

        public async Task<HttpResponseMessage> GetAsync(string query, bool asAuditor, string? accept = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/approvals/access-review" + query);
            _ = asAuditor ? request.AsAuditor(this.Local.Settings) : request.AsAdmin(this.Local.Settings);
            if (accept is not null)
            {
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
            }

            return await this.Local.Api.Http.SendAsync(request);
        }
    }
}
