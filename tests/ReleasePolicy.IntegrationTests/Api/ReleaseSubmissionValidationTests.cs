using System.Net;
using System.Text.Json;
using ReleasePolicy.Functions.Http;
using ReleasePolicy.IntegrationTests.Infrastructure;

namespace ReleasePolicy.IntegrationTests.Api;

/// <summary>Client mistakes get a 4xx problem naming the field, and nothing is written.</summary>
public sealed class ReleaseSubmissionValidationTests(SharedHost shared) : IClassFixture<SharedHost>
{
    private InProcessHost Host => shared.Host;

    [Theory]
    [InlineData("""{"version":"1.0.0","environment":"production","type":"patch","requestedBy":"a","changeSummary":"x"}""", "service")]
    [InlineData("""{"service":"payments-api","version":"1.0.0","environment":"production","type":"hotfix","requestedBy":"a","changeSummary":"x"}""", "type")]
    [InlineData("""{"service":"payments-api","version":1,"environment":"production","type":"patch","requestedBy":"a","changeSummary":"x"}""", "version")]
    [InlineData("""{"service":"Payments API","version":"1","environment":"production","type":"patch","requestedBy":"a","changeSummary":"x"}""", "service")]
    [InlineData("""{"service":"payments-api","version":"1","environment":"production","type":"patch","requestedBy":"a","changeSummary":"x","evidence":[1]}""", "evidence")]
    [InlineData("""{"service":"payments-api","version":"1","environment":"production","type":"patch","requestedBy":"a","changeSummary":"x","colour":"blue"}""", "colour")]
    [InlineData("""{"service":"payments-api",""", "$")]
    [InlineData("""[]""", "$")]
    public async Task Submit_InvalidBody_Returns400NamingTheField(string body, string field)
    {
        WrittenState before = await WrittenState.CaptureAsync(this.Host.Settings);

        using HttpResponseMessage response = await this.Host.Api.PostRawAsync("/api/releases", body, "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        JsonElement problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == field);
        Assert.Equal(before, await WrittenState.CaptureAsync(this.Host.Settings));
    }

    [Fact]
    public async Task Submit_WrongContentType_Returns415()
    {
        using HttpResponseMessage response = await this.Host.Api.PostRawAsync("/api/releases", "service=payments-api", "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Submit_BodyOverTheLimit_Returns413()
    {
        WrittenState before = await WrittenState.CaptureAsync(this.Host.Settings);
        string body = JsonSerializer.Serialize(new { service = "payments-api", changeSummary = new string('x', JsonRequestBody.MaxBytes) });

        using HttpResponseMessage response = await this.Host.Api.PostRawAsync("/api/releases", body, "application/json");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(before, await WrittenState.CaptureAsync(this.Host.Settings));
    }

    [Fact]
    public async Task Submit_SameKeyDifferentRequest_Returns409AndKeepsTheFirst()
    {
        using HttpResponseMessage first = await this.Host.Api.SubmitAsync(ReleaseApiClient.PatchRequest(version: "2.0.0"), "build-reused");
        using HttpResponseMessage second = await this.Host.Api.SubmitAsync(ReleaseApiClient.PatchRequest(version: "2.0.1"), "build-reused");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);

        // "Keeps the first": the release and its archived submission are still the first request's.
        string id = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        JsonElement release = await this.Host.Api.GetReleaseAsync(id);
        Assert.Equal("2.0.0", release.GetProperty("version").GetString());
        JsonElement submission = JsonDocument.Parse(await this.Host.Api.Http.GetStringAsync($"/api/releases/{id}/submission")).RootElement;
        Assert.Equal("2.0.0", submission.GetProperty("version").GetString());
    }

    [Fact]
    public async Task Submit_HeaderAndBodyKeysDiffer_Returns400()
    {
        var body = new
        {
            service = "payments-api", version = "1", environment = "production", type = "patch",
            requestedBy = "a", changeSummary = "x", idempotencyKey = "body-key",
        };

        using HttpResponseMessage response = await this.Host.Api.SubmitAsync(body, "header-key");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("rel-does-not-exist")]
    [InlineData("rel-00000000000000000000000000000000")]
    [InlineData("a%23b")]
    [InlineData("it's%3F")]
    [InlineData("%5Cback")]
    public async Task GetRelease_UnknownOrMalformedId_Returns404Problem(string id)
    {
        using HttpResponseMessage response = await this.Host.Api.Http.GetAsync("/api/releases/" + id);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("status=sideways", "status")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=abc", "limit")]
    public async Task ListReleases_BadQuery_Returns400NamingTheParameter(string query, string field)
    {
        using HttpResponseMessage response = await this.Host.Api.Http.GetAsync("/api/releases?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonElement problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(field, problem.GetProperty("errors")[0].GetProperty("field").GetString());
    }

}
