using System.Net;
using System.Text.Json;
using ReleasePolicy.IntegrationTests.Infrastructure;
using ReleasePolicy.LocalHost.Hosting;

namespace ReleasePolicy.IntegrationTests.Hosting;

/// <summary>The host's own 4xx answers are problem+json too; what only Kestrel can answer is pinned here as well.</summary>
public sealed class ProtocolProblemsTests(SharedHost shared) : IClassFixture<SharedHost>
{
    private InProcessHost Host => shared.Host;

    [Theory]
    [InlineData("GET", "/api/nope")]
    [InlineData("GET", "/")]
    [InlineData("GET", "/api/releases/rel-1/unknown")]
    [InlineData("POST", "/api/policy/versions/1/extra")]
    public async Task UnknownRoute_Returns404Problem(string method, string path)
    {
        using HttpResponseMessage response = await this.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await Problems.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("DELETE", "/api/releases", "GET, POST")]
    [InlineData("PATCH", "/api/policy", "GET, PUT")]
    [InlineData("POST", "/api/policy/controls", "GET")]
    [InlineData("BREW", "/api/releases/rel-1", "GET")]
    public async Task WrongMethod_Returns405ProblemWithAllow(string method, string path, string allowed)
    {
        using HttpResponseMessage response = await this.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        JsonElement problem = await Problems.AssertProblemAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Equal(allowed, string.Join(", ", response.Content.Headers.Allow));
        Assert.Contains(allowed, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestTargetOverOurLimit_Returns414Problem()
    {
        string path = "/api/releases?service=" + new string('a', ProtocolProblems.MaxRequestTargetBytes);

        using HttpResponseMessage response = await this.SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

        await Problems.AssertProblemAsync(response, (HttpStatusCode)414);
    }

    [Fact]
    public async Task HeadersOverOurSizeLimit_Returns431Problem()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/releases");
        request.Headers.TryAddWithoutValidation("x-padding", new string('p', ProtocolProblems.MaxHeaderBytes));

        using HttpResponseMessage response = await this.SendAsync(request);

        await Problems.AssertProblemAsync(response, HttpStatusCode.RequestHeaderFieldsTooLarge);
    }

    [Fact]
    public async Task HeadersOverOurCountLimit_Returns431Problem()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/releases");
        for (int i = 0; i <= ProtocolProblems.MaxHeaderCount; i++)
        {
            request.Headers.TryAddWithoutValidation($"x-h{i}", "v");
        }

        using HttpResponseMessage response = await this.SendAsync(request);

        await Problems.AssertProblemAsync(response, HttpStatusCode.RequestHeaderFieldsTooLarge);
    }

    /// <summary>Past Kestrel's (raised) limits the server answers before the app: a bare status, never a 5xx.</summary>
    [Fact]
    public async Task RequestTargetOverKestrelsLimit_IsKestrelsOwnBare414()
    {
        string path = "/api/releases?service=" + new string('a', ProtocolProblems.KestrelRequestLineBytes);

        using HttpResponseMessage response = await this.SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

        Assert.Equal((HttpStatusCode)414, response.StatusCode);
        Assert.Equal(0, response.Content.Headers.ContentLength);
    }

    private Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => this.Host.Api.Http.SendAsync(request.AsPipeline(this.Host.Settings));
}
