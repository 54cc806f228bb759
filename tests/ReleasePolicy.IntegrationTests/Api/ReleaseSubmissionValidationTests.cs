using System.Net;
using System.Text.Json;
using ReleasePolicy.IntegrationTests.Infrastructure;

namespace ReleasePolicy.IntegrationTests.Api;

/// <summary>Client mistakes get a 4xx problem naming the field, and nothing is written.</summary>
public sealed class ReleaseSubmissionValidationTests : IAsyncLifetime
{
    private InProcessHost host = null!;

    public async Task InitializeAsync() => this.host = await InProcessHost.StartAsync();

    public async Task DisposeAsync() => await this.host.DisposeAsync();

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
        using HttpResponseMessage response = await this.host.Api.PostRawAsync("/api/releases", body, "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        JsonElement problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == field);
        await this.AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task Submit_WrongContentType_Returns415()
    {
        using HttpResponseMessage response = await this.host.Api.PostRawAsync("/api/releases", "service=payments-api", "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Submit_BodyOver256KiB_Returns413()
    {
        string body = JsonSerializer.Serialize(new { service = "payments-api", changeSummary = new string('x', 300 * 1024) });

        using HttpResponseMessage response = await this.host.Api.PostRawAsync("/api/releases", body, "application/json");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await this.AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task Submit_SameKeyDifferentRequest_Returns409AndKeepsTheFirst()
    {
        using HttpResponseMessage first = await this.host.Api.SubmitAsync(ReleaseApiClient.PatchRequest(version: "2.0.0"), "build-reused");
        using HttpResponseMessage second = await this.host.Api.SubmitAsync(ReleaseApiClient.PatchRequest(version: "2.0.1"), "build-reused");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Submit_HeaderAndBodyKeysDiffer_Returns400()
    {
        var body = new
        {
            service = "payments-api", version = "1", environment = "production", type = "patch",
            requestedBy = "a", changeSummary = "x", idempotencyKey = "body-key",
        };

        using HttpResponseMessage response = await this.host.Api.SubmitAsync(body, "header-key");

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
        using HttpResponseMessage response = await this.host.Api.Http.GetAsync("/api/releases/" + id);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("status=sideways", "status")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=abc", "limit")]
    public async Task ListReleases_BadQuery_Returns400NamingTheParameter(string query, string field)
    {
        using HttpResponseMessage response = await this.host.Api.Http.GetAsync("/api/releases?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonElement problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(field, problem.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    private async Task AssertNothingWrittenAsync()
    {
        JsonElement list = JsonDocument.Parse(await this.host.Api.Http.GetStringAsync("/api/releases?service=payments-api&status=submitted")).RootElement;
        Assert.Empty(list.GetProperty("items").EnumerateArray());
    }
}
