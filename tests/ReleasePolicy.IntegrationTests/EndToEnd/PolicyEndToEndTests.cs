using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReleasePolicy.IntegrationTests.Infrastructure;
using ReleasePolicy.Policy;
using ReleasePolicy.Testing;

namespace ReleasePolicy.IntegrationTests.EndToEnd;

/// <summary>Policy as code over HTTP: readiness verdicts a pipeline sees, and publishing policy versions.</summary>
/// <remarks>Tests that publish nothing share one host; each that publishes a policy owns its host.</remarks>
public sealed class PolicyEndToEndTests(SharedHost shared) : IClassFixture<SharedHost>
{
    [Fact]
    public async Task WellEvidencedPatch_PassesReadinessWithItsRiskAndRouteRecorded()
    {
        InProcessHost host = shared.Host;

        JsonElement done = await SubmitAndWaitAsync(host, ReleaseApiClient.PatchRequest());

        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        JsonElement readiness = done.GetProperty("decisions")[0];
        Assert.Equal("passed", readiness.GetProperty("outcome").GetString());
        Assert.True(readiness.GetProperty("readiness").GetProperty("riskAssessment").GetProperty("factors").GetArrayLength() > 0);
        Assert.Equal(SamplePolicy.Load().Version, done.GetProperty("policy").GetProperty("version").GetString());
        Assert.Equal(PolicyHash.Compute(TestPolicies.SampleWithoutCalendar), done.GetProperty("policy").GetProperty("hash").GetString());
    }

    [Fact]
    public async Task MajorReleaseWithOneCriticalFinding_IsRejectedNamingTheFinding()
    {
        InProcessHost host = shared.Host;
        JsonObject evidence = ReleaseApiClient.GoodEvidence(DateTimeOffset.UtcNow);
        evidence["scanFindings"] = JsonSerializer.SerializeToNode(new
        {
            critical = 1, high = 0, medium = 0, low = 0,
            findings = new[] { new { id = "CVE-2026-4711", title = "Deserialization RCE in invoice parser", severity = "critical" } },
        });

        JsonElement done = await SubmitAndWaitAsync(host, ReleaseApiClient.PatchRequest(type: "major", evidence: evidence));

        Assert.Equal("rejected", done.GetProperty("status").GetString());
        JsonElement readiness = Assert.Single(done.GetProperty("decisions").EnumerateArray());
        Assert.Contains(readiness.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains("CVE-2026-4711", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StaleRollbackRehearsal_IsRejectedNamingTheDate()
    {
        InProcessHost host = shared.Host;
        DateTimeOffset rehearsed = DateTimeOffset.UtcNow.AddDays(-120);
        JsonObject evidence = ReleaseApiClient.GoodEvidence(DateTimeOffset.UtcNow);
        evidence["rollback"] = JsonSerializer.SerializeToNode(new { procedureRef = "RB-42", rehearsedAt = rehearsed, rehearsedIn = "staging" });

        JsonElement done = await SubmitAndWaitAsync(host, ReleaseApiClient.PatchRequest(type: "major", evidence: evidence));

        Assert.Equal("rejected", done.GetProperty("status").GetString());
        string date = rehearsed.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Contains(done.GetProperty("decisions")[0].GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains(date, StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnknownEvidenceFields_AreKeptWithTheSubmissionAndIgnoredByTheGates()
    {
        InProcessHost host = shared.Host;
        JsonObject evidence = ReleaseApiClient.GoodEvidence(DateTimeOffset.UtcNow);
        evidence["sbom"] = JsonSerializer.SerializeToNode(new { format = "CycloneDX", reference = "sbom-2026-11-27.json" });

        using HttpResponseMessage submitted = await host.Api.SubmitAsync(ReleaseApiClient.PatchRequest(evidence: evidence), idempotencyKey: Guid.NewGuid().ToString("N"));
        string id = JsonDocument.Parse(await submitted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        await host.Api.ApproveAllAsync(id);
        JsonElement done = await host.Api.WaitForDoneAsync(id);
        using HttpResponseMessage kept = await host.Api.Http.GetAsync($"/api/releases/{id}/submission");

        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        JsonElement body = JsonDocument.Parse(await kept.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("CycloneDX", body.GetProperty("evidence").GetProperty("sbom").GetProperty("format").GetString());
        Assert.True(kept.Headers.Contains("X-Received-At"));
    }

    [Fact]
    public async Task ServiceOutsideThePolicyScope_IsRefusedAtSubmissionWithAClearReason()
    {
        InProcessHost host = shared.Host;

        using HttpResponseMessage response = await host.Api.SubmitAsync(ShadowItRequest());

        // The sample policy says outOfScope: reject, so no evidence could make it pass: 422 now, not 202 then "rejected".
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, body);
        JsonElement error = Assert.Single(JsonDocument.Parse(body).RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal("service", error.GetProperty("field").GetString());
        Assert.Contains("shadow-it-app", error.GetProperty("reason").GetString(), StringComparison.Ordinal);
        JsonElement list = JsonDocument.Parse(await host.Api.Http.GetStringAsync("/api/releases?service=shadow-it-app")).RootElement;
        Assert.Empty(list.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task ServiceOutsideThePolicyScope_UnderPassThrough_IsAcceptedAndEndsUngoverned()
    {
        await using InProcessHost host = await InProcessHost.StartAsync();
        string passThrough = ReplaceOnce(
            ReplaceOnce(TestPolicies.SampleWithoutCalendar, "version: \"2026.11.1\"", "version: \"2026.11.2-open\""),
            "  outOfScope: reject",
            "  outOfScope: passThrough");
        await PolicyChanges.PublishApprovedAsync(host.App.BaseAddress, host.Settings.AdminKey, passThrough);

        JsonElement done = await SubmitAndWaitAsync(host, ShadowItRequest());

        JsonElement readiness = done.GetProperty("decisions")[0];
        Assert.False(readiness.GetProperty("readiness").GetProperty("governed").GetBoolean());
        Assert.Equal("ungoverned", readiness.GetProperty("outcome").GetString());
    }

    private static object ShadowItRequest() => new
    {
        service = "shadow-it-app", version = "0.1.0", environment = "production", type = "patch",
        requestedBy = "mallory", changeSummary = "Unreviewed change", evidence = ReleaseApiClient.GoodEvidence(DateTimeOffset.UtcNow),
    };

    [Fact]
    public async Task EmergencyRelease_PassesWithMandatoryPostFactoReviewRecorded()
    {
        InProcessHost host = shared.Host;

        JsonElement done = await SubmitAndWaitAsync(host, ReleaseApiClient.PatchRequest(type: "emergency"));

        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        Assert.True(done.GetProperty("decisions")[0].GetProperty("readiness").GetProperty("postFactoReviewRequired").GetBoolean());
    }

    [Fact]
    public async Task EvidenceOfWrongType_Returns400NamingTheEvidenceField()
    {
        InProcessHost host = shared.Host;
        JsonObject evidence = ReleaseApiClient.GoodEvidence(DateTimeOffset.UtcNow);
        evidence["testCoverage"] = "high";

        using HttpResponseMessage response = await host.Api.SubmitAsync(ReleaseApiClient.PatchRequest(evidence: evidence));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonElement problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == "evidence.testCoverage");
    }

    [Fact]
    public async Task PolicyChangedMidFlight_InFlightReleaseKeepsItsPolicyAndOutcome_NewReleasesUseTheNewOne()
    {
        HostSettings settings = await HostSettings.CreateAsync(bakeTime: TimeSpan.FromSeconds(6));
        await using InProcessHost host = await InProcessHost.StartAsync(settings);
        using HttpResponseMessage submitted = await host.Api.SubmitAsync(ReleaseApiClient.PatchRequest(), "build-before-change");
        string inFlight = JsonDocument.Parse(await submitted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        await host.Api.ApproveAllAsync(inFlight);
        await host.Api.WaitForAsync(inFlight, r => r.GetProperty("stage").GetString() == "deployment");

        await PolicyChanges.PublishApprovedAsync(host.App.BaseAddress, settings.AdminKey, StricterPolicy());
        JsonElement before = await host.Api.WaitForDoneAsync(inFlight);
        JsonElement after = await SubmitAndWaitAsync(host, ReleaseApiClient.PatchRequest(version: "1.4.3"));

        Assert.Equal("succeeded", before.GetProperty("status").GetString());
        Assert.Equal("2026.11.1", before.GetProperty("policy").GetProperty("version").GetString());
        Assert.Equal("rejected", after.GetProperty("status").GetString());
        Assert.Equal("2026.11.2-strict", after.GetProperty("policy").GetProperty("version").GetString());
    }

    [Fact]
    public async Task PublishPolicy_ByAdmin_KeepsEveryVersionAndIsIdempotent()
    {
        await using InProcessHost host = await InProcessHost.StartAsync();
        string stricter = StricterPolicy();
        JsonElement initial = JsonDocument.Parse(await host.Api.Http.GetStringAsync("/api/policy")).RootElement;
        Assert.Equal(1, initial.GetProperty("sequence").GetInt32());

        using HttpResponseMessage first = await PolicyChanges.ProposeAsync(host.App.BaseAddress, stricter, host.Settings.AdminKey);
        using HttpResponseMessage repeated = await PolicyChanges.ProposeAsync(host.App.BaseAddress, stricter, host.Settings.AdminKey);
        JsonElement stillActive = JsonDocument.Parse(await host.Api.Http.GetStringAsync("/api/policy")).RootElement;
        JsonElement approved = await PolicyChanges.ApproveAsync(host.App.BaseAddress, host.Settings.AdminKey, "2026.11.2-strict");
        using HttpResponseMessage again = await PolicyChanges.ProposeAsync(host.App.BaseAddress, stricter, host.Settings.AdminKey);
        JsonElement active = JsonDocument.Parse(await host.Api.Http.GetStringAsync("/api/policy")).RootElement;
        JsonElement versions = JsonDocument.Parse(await host.Api.Http.GetStringAsync("/api/policy/versions")).RootElement;

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal("/api/policy/proposals/2026.11.2-strict", first.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Accepted, repeated.StatusCode);
        Assert.Equal("2026.11.1", stillActive.GetProperty("version").GetString());
        Assert.Equal(("approved", 2), (approved.GetProperty("status").GetString(), approved.GetProperty("publishedSequence").GetInt32()));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("2026.11.2-strict", active.GetProperty("version").GetString());
        Assert.Equal(PolicyHash.Compute(stricter), active.GetProperty("hash").GetString());
        Assert.Equal(["2026.11.2-strict", "2026.11.1"], versions.GetProperty("items").EnumerateArray().Select(v => v.GetProperty("version").GetString()));
        string original = await host.Api.Http.GetStringAsync("/api/policy/versions/1?format=yaml");
        Assert.Equal(TestPolicies.SampleWithoutCalendar, original);
    }

    [Fact]
    public async Task PublishPolicy_OlderVersionsExactText_Is409SayingWhichVersionAndHowToRestore()
    {
        await using InProcessHost host = await InProcessHost.StartAsync();
        JsonElement initial = JsonDocument.Parse(await host.Api.Http.GetStringAsync("/api/policy")).RootElement;
        Assert.Equal((1, "2026.11.1"), (initial.GetProperty("sequence").GetInt32(), initial.GetProperty("version").GetString()));
        await PolicyChanges.PublishApprovedAsync(host.App.BaseAddress, host.Settings.AdminKey, StricterPolicy());

        using HttpResponseMessage resent = await PublishAsync(host, TestPolicies.SampleWithoutCalendar, host.Settings.AdminKey);

        string body = await resent.Content.ReadAsStringAsync();
        Assert.True(resent.StatusCode == HttpStatusCode.Conflict, body);
        Assert.Equal("application/problem+json", resent.Content.Headers.ContentType?.MediaType);
        string detail = JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString()!;
        Assert.Equal(
            "This text is version #1 (2026.11.1), which is not active (active is #2, 2026.11.2-strict). To restore it, publish the same text with a new `version`.",
            detail);
        JsonElement active = JsonDocument.Parse(await host.Api.Http.GetStringAsync("/api/policy")).RootElement;
        Assert.Equal(2, active.GetProperty("sequence").GetInt32());

        // The documented restore path: the old text under a new version is published through the normal path.
        string restored = ReplaceOnce(TestPolicies.SampleWithoutCalendar, "version: \"2026.11.1\"", "version: \"2026.11.3-restored\"");
        JsonElement restore = await PolicyChanges.PublishApprovedAsync(host.App.BaseAddress, host.Settings.AdminKey, restored);
        Assert.Equal(3, restore.GetProperty("publishedSequence").GetInt32());
        JsonElement now = JsonDocument.Parse(await host.Api.Http.GetStringAsync("/api/policy")).RootElement;
        Assert.Equal("2026.11.3-restored", now.GetProperty("version").GetString());
        Assert.Equal(restored, now.GetProperty("text").GetString());
    }

    [Fact]
    public async Task PublishPolicy_WithPipelineKey_Returns403AndChangesNothing()
    {
        InProcessHost host = shared.Host;

        using HttpResponseMessage response = await PublishAsync(host, StricterPolicy(), host.Settings.FunctionKey);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        JsonElement active = JsonDocument.Parse(await host.Api.Http.GetStringAsync("/api/policy")).RootElement;
        Assert.Equal("2026.11.1", active.GetProperty("version").GetString());
    }

    [Fact]
    public async Task PublishPolicy_InvalidDocument_Returns400WithFieldAndLine()
    {
        InProcessHost host = shared.Host;
        string invalid = ReplaceOnce(TestPolicies.SampleWithoutCalendar, "    minCoverage: 0.70", "    minCoverage: -0.70");

        using HttpResponseMessage response = await PublishAsync(host, invalid, host.Settings.AdminKey);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonElement error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors")[0];
        Assert.Equal("releaseTypes.patch.minCoverage", error.GetProperty("field").GetString());
        Assert.Equal(LineOf(invalid, "minCoverage: -0.70"), error.GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task PolicyControls_ListEveryControlWithItsFrameworkClauses()
    {
        InProcessHost host = shared.Host;

        JsonElement matrix = JsonDocument.Parse(await host.Api.Http.GetStringAsync("/api/policy/controls")).RootElement;

        Assert.Equal(ControlMatrix.Build(SamplePolicy.Load()).Count, matrix.GetProperty("controls").GetArrayLength());
        Assert.Contains(matrix.GetProperty("controls").EnumerateArray(), c => c.GetProperty("framework").GetString() == "SOX");
    }

    private static async Task<JsonElement> SubmitAndWaitAsync(InProcessHost host, object request)
    {
        // A key of its own: tests on the shared host must never replay one another's releases.
        using HttpResponseMessage submitted = await host.Api.SubmitAsync(request, idempotencyKey: Guid.NewGuid().ToString("N"));
        string body = await submitted.Content.ReadAsStringAsync();
        Assert.True(submitted.StatusCode == HttpStatusCode.Accepted, body);
        string id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
        await host.Api.ApproveAllAsync(id);
        return await host.Api.WaitForDoneAsync(id);
    }

    private static async Task<HttpResponseMessage> PublishAsync(InProcessHost host, string policyText, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, "/api/policy")
        {
            Content = new StringContent(policyText, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/yaml");
        request.Headers.Add("x-functions-key", key);
        using var http = new HttpClient { BaseAddress = host.App.BaseAddress };
        return await http.SendAsync(request);
    }

    /// <summary>The sample policy under a new version, demanding 99 % coverage of patches.</summary>
    private static string StricterPolicy() =>
        ReplaceOnce(ReplaceOnce(TestPolicies.SampleWithoutCalendar, "version: \"2026.11.1\"", "version: \"2026.11.2-strict\""), "    minCoverage: 0.70", "    minCoverage: 0.99");

    private static string ReplaceOnce(string text, string find, string replacement)
    {
        int index = text.IndexOf(find, StringComparison.Ordinal);
        Assert.True(index >= 0 && text.IndexOf(find, index + 1, StringComparison.Ordinal) < 0, $"'{find}' must occur exactly once");
        return string.Concat(text.AsSpan(0, index), replacement, text.AsSpan(index + find.Length));
    }

    private static int LineOf(string text, string fragment) => text.AsSpan(0, text.IndexOf(fragment, StringComparison.Ordinal)).Count('\n') + 1;
}
