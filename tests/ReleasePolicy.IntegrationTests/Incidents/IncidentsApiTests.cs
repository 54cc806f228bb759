using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using ReleasePolicy.Deployment.Incidents;
using ReleasePolicy.Deployment.Incidents.Api;
using ReleasePolicy.IntegrationTests.Infrastructure;

namespace ReleasePolicy.IntegrationTests.Incidents;

/// <summary>
/// The incidents API over HTTP: reading, and filing the root-cause analysis — by an owner only, strictly validated,
/// evidence first, once.
/// </summary>
public sealed class IncidentsApiTests(IncidentsHost fixture) : IClassFixture<IncidentsHost>
{
    private static readonly object Rca = new { findings = "Connection pool exhausted under the new retry policy.", actions = new[] { "Cap retries at 3", "Alert on pool saturation" }, reference = "PRB-42" };

    [Fact]
    public async Task FileRca_ByRollbackOwner_Is201WithLocationAndTheIncidentNoLongerOwes()
    {
        Incident incident = await fixture.OpenAsync();

        using HttpResponseMessage response = await fixture.FileAsync(incident.Id, "bob", Rca);

        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        Assert.Equal($"/api/incidents/{incident.Id}", response.Headers.Location?.OriginalString);
        JsonElement filed = JsonDocument.Parse(body).RootElement;
        Assert.False(filed.GetProperty("owesRootCauseAnalysis").GetBoolean());
        JsonElement analysis = filed.GetProperty("rootCauseAnalysis");
        Assert.Equal("bob", analysis.GetProperty("filedBy").GetString());
        Assert.Equal("PRB-42", analysis.GetProperty("reference").GetString());
        Assert.Equal(RootCauseEvidenceLog.BlobName(incident.Id), analysis.GetProperty("evidenceRecord").GetString());

        JsonElement fetched = await fixture.GetJsonAsync(response.Headers.Location!.OriginalString);
        Assert.False(fetched.GetProperty("owesRootCauseAnalysis").GetBoolean());
        IReadOnlyList<Incident> owed = await fixture.Store.OwingRootCauseAsync(incident.Service, incident.Environment);
        Assert.DoesNotContain(owed, i => i.Id == incident.Id);
    }

    [Fact]
    public async Task FileRca_EvidenceRecord_IsWrittenAndItsHashMatchesTheAnswer()
    {
        Incident incident = await fixture.OpenAsync();

        using HttpResponseMessage response = await fixture.FileAsync(incident.Id, "bob", Rca, idempotencyKey: "rca-" + incident.Id);

        JsonElement filed = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        BlobClient blob = new BlobServiceClient(fixture.Host.Settings.StorageConnectionString)
            .GetBlobContainerClient(fixture.Host.Settings.PolicyContainer)
            .GetBlobClient(RootCauseEvidenceLog.BlobName(incident.Id));
        byte[] bytes = (await blob.DownloadContentAsync()).Value.Content.ToArray();
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), filed.GetProperty("recordSha256").GetString());
        JsonElement record = JsonDocument.Parse(bytes).RootElement;
        Assert.Equal("rootCauseAnalysis", record.GetProperty("kind").GetString());
        Assert.Equal(incident.Id, record.GetProperty("incidentId").GetString());
        Assert.Equal(incident.ReleaseId, record.GetProperty("releaseId").GetString());
        Assert.Equal("platform:aad", record.GetProperty("authenticatedBy").GetString());
        Assert.Equal("rca-" + incident.Id, record.GetProperty("idempotencyKey").GetString());
        Assert.Equal("Connection pool exhausted under the new retry policy.", record.GetProperty("analysis").GetProperty("findings").GetString());
    }

    [Fact]
    public async Task FileRca_ByMemberOfTheApproversGroup_IsAccepted()
    {
        Incident incident = await fixture.OpenAsync();

        // frank is in payments-leads, the service's ownership.approvers.
        using HttpResponseMessage response = await fixture.FileAsync(incident.Id, "frank", Rca);

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task FileRca_ByPersonWhoDoesNotOwnTheService_Is403SayingWhoMayAndWritesNothing()
    {
        Incident incident = await fixture.OpenAsync();

        // alice initiates payments-api releases, but does not own it (approvers, rollbackOwner).
        using HttpResponseMessage response = await fixture.FileAsync(incident.Id, "alice", Rca);

        JsonElement problem = await Problems.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        string detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("payments-leads", detail, StringComparison.Ordinal);
        Assert.Contains("bob", detail, StringComparison.Ordinal);
        await AssertNothingFiledAsync(incident);
    }

    [Fact]
    public async Task FileRca_ByPipelineKey_Is403()
    {
        Incident incident = await fixture.OpenAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/incidents/{incident.Id}/rca") { Content = JsonContent.Create(Rca) };

        using HttpResponseMessage response = await fixture.Http.SendAsync(request);

        await Problems.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        await AssertNothingFiledAsync(incident);
    }

    [Theory]
    [InlineData("""{"actions":["x"]}""", "findings")]
    [InlineData("""{"findings":"x","actions":[]}""", "actions")]
    [InlineData("""{"findings":"x","actions":["ok", 3]}""", "actions[1]")]
    [InlineData("""{"findings":"x","actions":["ok"],"severity":"high"}""", "severity")]
    [InlineData("""{"findings":"x","findings":"y","actions":["ok"]}""", "findings")]
    public async Task FileRca_BadBody_Is400NamingTheFieldAndWritesNothing(string json, string field)
    {
        Incident incident = await fixture.OpenAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/incidents/{incident.Id}/rca") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add(ReleasePolicy.Access.PlatformPrincipal.HeaderName, ReleasePolicy.Access.PlatformPrincipal.Encode("aad", [("name", "bob")]));

        using HttpResponseMessage response = await fixture.Bare.SendAsync(request);

        JsonElement problem = await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == field);
        await AssertNothingFiledAsync(incident);
    }

    [Fact]
    public async Task FileRca_Twice_SecondIs409AndTheFirstStands()
    {
        Incident incident = await fixture.OpenAsync();
        (await fixture.FileAsync(incident.Id, "bob", Rca)).Dispose();

        using HttpResponseMessage second = await fixture.FileAsync(incident.Id, "frank", new { findings = "Something else", actions = new[] { "Other" } });

        JsonElement problem = await Problems.AssertProblemAsync(second, HttpStatusCode.Conflict);
        Assert.Contains("bob", problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
        Incident stored = (await fixture.Store.GetAsync(incident.Id))!;
        Assert.Equal("bob", stored.RootCauseAnalysis!.FiledBy);
        Assert.Equal("bob", (await ReadRecordAsync(incident)).GetProperty("analysis").GetProperty("filedBy").GetString());
    }

    [Fact]
    public async Task FileRca_SameRequestAndIdempotencyKeyAgain_ReplaysTheFirstAnswer()
    {
        Incident incident = await fixture.OpenAsync();
        using HttpResponseMessage first = await fixture.FileAsync(incident.Id, "bob", Rca, "retry-" + incident.Id);
        JsonElement firstBody = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement;

        using HttpResponseMessage again = await fixture.FileAsync(incident.Id, "bob", Rca, "retry-" + incident.Id);
        using HttpResponseMessage otherContent = await fixture.FileAsync(incident.Id, "bob", new { findings = "changed", actions = new[] { "x" } }, "retry-" + incident.Id);

        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        JsonElement againBody = JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(firstBody.GetProperty("recordSha256").GetString(), againBody.GetProperty("recordSha256").GetString());
        Assert.Equal(firstBody.GetProperty("rootCauseAnalysis").GetProperty("filedAt").GetString(), againBody.GetProperty("rootCauseAnalysis").GetProperty("filedAt").GetString());
        await Problems.AssertProblemAsync(otherContent, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task FileRca_ConcurrentOwners_ExactlyOneIsAccepted()
    {
        Incident incident = await fixture.OpenAsync();
        string[] people = ["bob", "frank", "bob", "frank"];

        HttpResponseMessage[] answers = await Task.WhenAll(people.Select((p, i) => fixture.FileAsync(incident.Id, p, new { findings = "Finding " + i, actions = new[] { "Action " + i } })));

        try
        {
            Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
            Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.Created), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
            JsonElement record = await ReadRecordAsync(incident);
            Incident stored = (await fixture.Store.GetAsync(incident.Id))!;
            Assert.Equal(record.GetProperty("analysis").GetProperty("findings").GetString(), stored.RootCauseAnalysis!.Findings);
        }
        finally
        {
            foreach (HttpResponseMessage answer in answers)
            {
                answer.Dispose();
            }
        }
    }

    [Theory]
    [InlineData("inc-rel-00000000000000000000000000000000")]
    [InlineData("not-an-incident")]
    [InlineData("inc-")]
    public async Task GetAndFile_UnknownIncident_Are404Problems(string id)
    {
        using HttpResponseMessage get = await fixture.Http.GetAsync($"/api/incidents/{id}");
        using HttpResponseMessage file = await fixture.FileAsync(id, "bob", Rca);

        await Problems.AssertProblemAsync(get, HttpStatusCode.NotFound);
        await Problems.AssertProblemAsync(file, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task List_FiltersByServiceAndOwing_NewestFirst()
    {
        Incident older = await fixture.OpenAsync(service: "catalog-web");
        Incident newer = await fixture.OpenAsync(service: "catalog-web");
        Incident settled = await fixture.OpenAsync(service: "catalog-web");
        (await fixture.FileAsync(settled.Id, "dave", Rca)).Dispose();

        JsonElement owing = await fixture.GetJsonAsync("/api/incidents?service=catalog-web&owingRootCause=true&limit=10");
        JsonElement notOwing = await fixture.GetJsonAsync("/api/incidents?service=catalog-web&owingRootCause=false");
        JsonElement one = await fixture.GetJsonAsync("/api/incidents?service=catalog-web&limit=1");

        Assert.Equal([newer.Id, older.Id], owing.GetProperty("incidents").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        Assert.Equal([settled.Id], notOwing.GetProperty("incidents").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        Assert.Equal([settled.Id], one.GetProperty("incidents").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        Assert.Equal($"/api/incidents/{newer.Id}/rca", owing.GetProperty("incidents")[0].GetProperty("rootCauseAnalysisUrl").GetString());
    }

    [Theory]
    [InlineData("service=Payments API", "service")]
    [InlineData("owingRootCause=yes", "owingRootCause")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    public async Task List_BadQuery_Is400NamingTheParameter(string query, string field)
    {
        using HttpResponseMessage response = await fixture.Http.GetAsync("/api/incidents?" + query);

        JsonElement problem = await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == field);
    }

    private async Task AssertNothingFiledAsync(Incident incident)
    {
        Assert.True((await fixture.Store.GetAsync(incident.Id))!.OwesRootCauseAnalysis);
        BlobClient blob = new BlobServiceClient(fixture.Host.Settings.StorageConnectionString)
            .GetBlobContainerClient(fixture.Host.Settings.PolicyContainer)
            .GetBlobClient(RootCauseEvidenceLog.BlobName(incident.Id));
        Assert.False(await blob.ExistsAsync());
    }

    private async Task<JsonElement> ReadRecordAsync(Incident incident)
    {
        BlobClient blob = new BlobServiceClient(fixture.Host.Settings.StorageConnectionString)
            .GetBlobContainerClient(fixture.Host.Settings.PolicyContainer)
            .GetBlobClient(RootCauseEvidenceLog.BlobName(incident.Id));
        return JsonDocument.Parse((await blob.DownloadContentAsync()).Value.Content.ToString()).RootElement.Clone();
    }
}
