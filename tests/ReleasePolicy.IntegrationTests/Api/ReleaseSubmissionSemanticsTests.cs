using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReleasePolicy.IntegrationTests.Infrastructure;
using ReleasePolicy.Releases;

namespace ReleasePolicy.IntegrationTests.Api;

/// <summary>What a pipeline can rely on at submission: retries by meaning, a 409 that explains itself, 422 for the hopeless.</summary>
public sealed class ReleaseSubmissionSemanticsTests(ReleaseSubmissionSemanticsTests.HostFixture fixture)
    : IClassFixture<ReleaseSubmissionSemanticsTests.HostFixture>
{
    private ReleaseApiClient Api => fixture.Host.Api;

    [Fact]
    public async Task Submit_SameRequestReserialized_IsAReplayNotAConflict()
    {
        string key = TestNames.Unique("build");
        JsonObject original = Body(version: "3.0.0");
        string compact = original.ToJsonString();
        JsonObject reordered = Reordered(original);
        reordered["evidence"]!["testCoverage"] = JsonValue.Create(0.86000m);
        string spaced = reordered.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        Assert.NotEqual(compact, spaced);

        using HttpResponseMessage first = await this.PostAsync(compact, key);
        using HttpResponseMessage second = await this.PostAsync(spaced, key);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
    }

    [Fact]
    public async Task Submit_ExplicitKeyReusedForAnotherRequest_409NamesTheKeyAndHowToRetry()
    {
        string key = TestNames.Unique("build");
        using HttpResponseMessage first = await this.PostAsync(Body(version: "3.1.0").ToJsonString(), key);
        using HttpResponseMessage second = await this.PostAsync(Body(version: "3.1.1").ToJsonString(), key);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        JsonElement problem = await ProblemAsync(second, HttpStatusCode.Conflict);
        Assert.Equal(key, problem.GetProperty("key").GetString());
        Assert.Equal("explicit", problem.GetProperty("keySource").GetString());
        Assert.Contains("new Idempotency-Key", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_ImplicitKeyReusedForAnotherRequest_409SaysTheKeyIsServiceVersionEnvironment()
    {
        using HttpResponseMessage first = await this.PostAsync(Body(version: "3.2.0").ToJsonString(), key: null);
        JsonObject changed = Body(version: "3.2.0");
        changed["changeSummary"] = "Another change under the same version";
        using HttpResponseMessage second = await this.PostAsync(changed.ToJsonString(), key: null);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        JsonElement problem = await ProblemAsync(second, HttpStatusCode.Conflict);
        Assert.Equal("payments-api:3.2.0:production", problem.GetProperty("key").GetString());
        Assert.Equal("implicit", problem.GetProperty("keySource").GetString());
        Assert.Contains("Idempotency-Key", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("payments-api", "prod", "environment")]
    [InlineData("billing-api", "production", "service")]
    public async Task Submit_OutOfScopeUnderReject_Returns422WithTheReasonAndWritesNothing(string service, string environment, string field)
    {
        string key = TestNames.Unique("build");
        JsonObject body = Body(version: "3.3.0");
        body["service"] = service;
        body["environment"] = environment;

        using HttpResponseMessage response = await this.PostAsync(body.ToJsonString(), key);

        JsonElement problem = await ProblemAsync(response, (HttpStatusCode)422);
        JsonElement error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal(field, error.GetProperty("field").GetString());
        Assert.Contains("outOfScope: reject", error.GetProperty("reason").GetString(), StringComparison.Ordinal);
        string id = ReleaseIdentity.IdFor(service, key);
        using HttpResponseMessage record = await this.Api.Http.GetAsync($"/api/releases/{id}");
        using HttpResponseMessage submission = await this.Api.Http.GetAsync($"/api/releases/{id}/submission");
        Assert.Equal(HttpStatusCode.NotFound, record.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, submission.StatusCode);
    }

    private static JsonObject Body(string version) =>
        JsonSerializer.SerializeToNode(ReleaseApiClient.PatchRequest(version: version))!.AsObject();

    /// <summary>The same object with every object's keys in reverse order, as another serializer might write it.</summary>
    private static JsonObject Reordered(JsonObject source)
    {
        var copy = new JsonObject();
        foreach ((string name, JsonNode? value) in source.Reverse())
        {
            copy[name] = value is JsonObject child ? Reordered(child) : value?.DeepClone();
        }

        return copy;
    }

    private async Task<HttpResponseMessage> PostAsync(string json, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/releases") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return await this.Api.Http.SendAsync(request);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>One host for the class: each test uses its own keys and versions, so they do not meet.</summary>
    public sealed class HostFixture : IAsyncLifetime
    {
        internal InProcessHost Host { get; private set; } = null!;

        public async Task InitializeAsync() => this.Host = await InProcessHost.StartAsync();

        public async Task DisposeAsync() => await this.Host.DisposeAsync();
    }
}
