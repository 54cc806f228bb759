using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ReleasePolicy.IntegrationTests.Infrastructure;
using ReleasePolicy.Policy;

namespace ReleasePolicy.IntegrationTests.Api;

/// <summary>Strict input over HTTP: each refusal is a 4xx problem naming the field, and nothing is written.</summary>
public sealed class StrictInputTests(SharedHost shared) : IClassFixture<SharedHost>
{
    private const string Valid = """{"service":"payments-api","version":"1.4.2","environment":"production","type":"patch","requestedBy":"alice","changeSummary":"Fix rounding"}""";

    // The body object is level 1 and "evidence"'s array level 2: the 33rd opening bracket is array item [0] 31 times down.
    private const int StrictJsonDepthBelowEvidence = 31;

    private InProcessHost Host => shared.Host;

    public static TheoryData<string, string> HostileBodies => new()
    {
        { Valid.Replace("\"alice\"", "\"\\ud800\"", StringComparison.Ordinal), "requestedBy" },
        { Valid.Replace("\"Fix rounding\"", "\"Fix \\udc00 rounding\"", StringComparison.Ordinal), "changeSummary" },
        { Valid.Replace("}", ""","evidence":{"runbook":{"sections":["ok","\ud83d"]}}}""", StringComparison.Ordinal), "evidence.runbook.sections[1]" },
        { Valid.Replace("{", """{"service":"orders-api",""", StringComparison.Ordinal), "service" },
        { Valid.Replace("}", ""","evidence":{"runbook":{"url":"a","url":"b"}}}""", StringComparison.Ordinal), "evidence.runbook.url" },
        { Valid.Replace("\"payments-api\"", "\"payments\\u202Eapi\"", StringComparison.Ordinal), "service" },
        { Valid.Replace("\"1.4.2\"", "\"1.4.2\\u0000\"", StringComparison.Ordinal), "version" },
        { Valid.Replace("\"1.4.2\"", "\"1.4.2\\u200B\"", StringComparison.Ordinal), "version" },
        { Valid.Replace("\"1.4.2\"", "\"versão\"", StringComparison.Ordinal), "version" },
        { Valid.Replace("\"production\"", "\"prod\\u2066uction\"", StringComparison.Ordinal), "environment" },
        { Valid.Replace("\"alice\"", "\"alice\\r\\nINFO forged\"", StringComparison.Ordinal), "requestedBy" },
        { Valid.Replace("\"Fix rounding\"", "\"Fix\\r\\nrounding\"", StringComparison.Ordinal), "changeSummary" },
        { Valid.Replace("}", ""","idempotencyKey":"k\u0085"}""", StringComparison.Ordinal), "idempotencyKey" },
        { Valid.Replace("}", ""","evidence":""" + new string('[', 40) + new string(']', 40) + "}", StringComparison.Ordinal), "evidence" + string.Concat(Enumerable.Repeat("[0]", StrictJsonDepthBelowEvidence)) },
    };

    [Theory]
    [MemberData(nameof(HostileBodies))]
    public async Task Submit_HostileBody_Returns400NamingTheFieldAndWritesNothing(string body, string field)
    {
        WrittenState before = await WrittenState.CaptureAsync(this.Host.Settings);

        using HttpResponseMessage response = await this.SendAsync(HttpMethod.Post, "/api/releases", Encoding.UTF8.GetBytes(body), "application/json");

        JsonElement problem = await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == field);
        Assert.Equal(before, await WrittenState.CaptureAsync(this.Host.Settings));
    }

    [Fact]
    public async Task Submit_InvalidUtf8_Returns400WithTheByteOffset()
    {
        byte[] body = [.. Encoding.UTF8.GetBytes(Valid[..20]), 0xC3, 0x28, .. Encoding.UTF8.GetBytes(Valid[20..])];

        using HttpResponseMessage response = await this.SendAsync(HttpMethod.Post, "/api/releases", body, "application/json");

        JsonElement error = (await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("errors")[0];
        Assert.Equal("$", error.GetProperty("field").GetString());
        Assert.Contains("not valid UTF-8", error.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("offset 20", error.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("application/json; charset=iso-8859-1")]
    [InlineData("application/json; charset=utf-16")]
    [InlineData("application/json; charset=\"windows-1252\"")]
    public async Task Submit_CharsetOtherThanUtf8_Returns415(string contentType)
    {
        using HttpResponseMessage response = await this.SendAsync(HttpMethod.Post, "/api/releases", Encoding.UTF8.GetBytes(Valid), contentType);

        JsonElement problem = await Problems.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("Content-Type", problem.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("application/json; charset=UTF-8")]
    [InlineData("application/json; charset=\"utf-8\"")]
    [InlineData("application/json")]
    public async Task Submit_Utf8Charset_IsReadAndValidated(string contentType)
    {
        // An invalid field, so that the charset is shown to be accepted without submitting a release.
        using HttpResponseMessage response = await this.SendAsync(HttpMethod.Post, "/api/releases", Encoding.UTF8.GetBytes(Valid.Replace("patch", "hotfix", StringComparison.Ordinal)), contentType);

        JsonElement problem = await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("type", problem.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("k\u0001ey")]
    [InlineData("key\u007F")]
    public async Task Submit_IdempotencyKeyHeaderWithControlCharacter_Returns400NamingTheHeader(string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/releases") { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(Valid)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);

        using HttpResponseMessage response = await this.Host.Api.Http.SendAsync(request.AsPipeline(this.Host.Settings));

        JsonElement problem = await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("Idempotency-Key", problem.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task Submit_TooManyFindings_Returns400NamingTheList()
    {
        string findings = string.Join(',', Enumerable.Range(0, 10_001).Select(i => $$"""{"id":"F-{{i}}","title":"t","severity":"low"}"""));
        string body = Valid.Replace("}", ""","evidence":{"scanFindings":{"findings":[""" + findings + "]}}}", StringComparison.Ordinal);

        using HttpResponseMessage response = await this.SendAsync(HttpMethod.Post, "/api/releases", Encoding.UTF8.GetBytes(body), "application/json");

        JsonElement problem = await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == "evidence.scanFindings.findings");
    }

    [Fact]
    public async Task Submit_BodyOver2MiB_Returns413()
    {
        string body = Valid.Replace("Fix rounding", new string('x', 2 * 1024 * 1024), StringComparison.Ordinal);

        using HttpResponseMessage response = await this.SendAsync(HttpMethod.Post, "/api/releases", Encoding.UTF8.GetBytes(body), "application/json");

        await Problems.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("application/yaml; charset=iso-8859-1")]
    [InlineData("text/plain; charset=utf-16")]
    public async Task PublishPolicy_CharsetOtherThanUtf8_Returns415(string contentType)
    {
        WrittenState before = await WrittenState.CaptureAsync(this.Host.Settings);

        using HttpResponseMessage response = await this.SendAsync(HttpMethod.Put, "/api/policy", Encoding.UTF8.GetBytes(SamplePolicy.Text), contentType, admin: true);

        await Problems.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(before, await WrittenState.CaptureAsync(this.Host.Settings));
    }

    [Fact]
    public async Task PublishPolicy_InvalidUtf8_Returns400WithTheByteOffset()
    {
        byte[] text = Encoding.UTF8.GetBytes(SamplePolicy.Text);
        text[10] = 0xFF;

        using HttpResponseMessage response = await this.SendAsync(HttpMethod.Put, "/api/policy", text, "application/yaml", admin: true);

        JsonElement error = (await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("errors")[0];
        Assert.Equal("$", error.GetProperty("field").GetString());
        Assert.Contains("offset 10", error.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("versão-2026")]
    [InlineData("2026.12\\u202E1")]
    [InlineData("2026 12")]
    public async Task PublishPolicy_VersionOutsideThePattern_Returns400AtOnceWithLineAndColumn(string version)
    {
        string text = SamplePolicy.Text.Replace("version: \"2026.11.1\"", $"version: \"{version}\"", StringComparison.Ordinal);
        WrittenState before = await WrittenState.CaptureAsync(this.Host.Settings);
        var clock = Stopwatch.StartNew();

        using HttpResponseMessage response = await this.SendAsync(HttpMethod.Put, "/api/policy", Encoding.UTF8.GetBytes(text), "application/yaml; charset=utf-8", admin: true);

        JsonElement error = (await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("errors")[0];
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}: the version must be refused before any storage call");
        Assert.Equal("version", error.GetProperty("field").GetString());
        Assert.Equal(3, error.GetProperty("line").GetInt32());
        Assert.True(error.GetProperty("column").GetInt32() > 0);
        Assert.Equal(before, await WrittenState.CaptureAsync(this.Host.Settings));
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, byte[] body, string contentType, bool admin = false)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return await this.Host.Api.Http.SendAsync(admin ? request.AsAdmin(this.Host.Settings) : request.AsPipeline(this.Host.Settings));
    }
}
