using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReleasePolicy.Functions.Http;
using ReleasePolicy.IntegrationTests.Infrastructure;
using ReleasePolicy.Readiness;
using Xunit.Abstractions;

namespace ReleasePolicy.IntegrationTests.EndToEnd;

/// <summary>A release at the evidence limits is accepted and runs to the end: it can never fail because of its own size.</summary>
public sealed class LargestReleaseTests(ITestOutputHelper output)
{
    // This test found that a release at the limits was accepted and then failed: its readiness decision (listing every
    // finding) did not fit the index row. Full decisions now live in evidence and the index keeps a bounded digest;
    // the 10,000 case also needs the local sidecar's gRPC limit (LocalDurableRuntime.MaxMessageBytes).
    [Theory]
    [InlineData(5_000)]
    [InlineData(EvidenceLimits.MaxFindings)]
    public async Task SubmitRelease_EvidenceAtTheLimits_IsAcceptedAndReachesDone(int findings)
    {
        await using InProcessHost host = await InProcessHost.StartAsync();
        JsonObject evidence = ReleaseApiClient.GoodEvidence(DateTimeOffset.UtcNow);
        evidence["scanFindings"] = new JsonObject
        {
            ["critical"] = 0, ["high"] = 0, ["medium"] = 0, ["low"] = findings,
            ["findings"] = new JsonArray(Enumerable.Range(0, findings).Select(i => (JsonNode)new JsonObject
            {
                ["id"] = $"CVE-2026-{i:D6}",
                ["title"] = $"Finding {i}: " + new string('t', 80),
                ["severity"] = "low",
            }).ToArray()),
        };
        evidence["peerReview"]!["reviewers"] = Names(EvidenceLimits.MaxReviewers, 40);
        evidence["runbook"]!["sections"] = new JsonArray([.. new[] { "preChecks", "dependencies", "knownIssues", "rollbackSteps" }.Select(s => (JsonNode)s), .. Names(EvidenceLimits.MaxRunbookSections - 4, 40).Select(n => n!.DeepClone())]);
        evidence["change"]!["dependencies"] = Names(EvidenceLimits.MaxDependencies, 100);
        var request = new JsonObject
        {
            ["service"] = "payments-api", ["version"] = "9.0.0", ["environment"] = "production", ["type"] = "patch",
            ["requestedBy"] = "alice", ["changeSummary"] = new string('s', 4000), ["evidence"] = evidence,
        };
        int size = System.Text.Encoding.UTF8.GetByteCount(request.ToJsonString());
        output.WriteLine($"body: {size} bytes of {JsonRequestBody.MaxBytes}");
        Assert.InRange(size, 500_000, JsonRequestBody.MaxBytes);

        using HttpResponseMessage submitted = await host.Api.SubmitAsync(request, idempotencyKey: "largest");

        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        string id = JsonDocument.Parse(await submitted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        await host.Api.ApproveAllAsync(id, TimeSpan.FromSeconds(120));
        JsonElement done = await host.Api.WaitForAsync(id, r => r.GetProperty("stage").GetString() == "done", TimeSpan.FromSeconds(120));
        Assert.True(done.GetProperty("status").GetString() != "failed", "The release failed: " + done.GetRawText().Replace(new string('s', 4000), "s…", StringComparison.Ordinal));
        Assert.Contains(done.GetProperty("decisions").EnumerateArray(), d => d.GetProperty("stage").GetString() == "readiness");

        // The full readiness decision, with every finding, is the release's evidence record.
        using var auditor = new HttpClient { BaseAddress = host.App.BaseAddress };
        auditor.DefaultRequestHeaders.Add("x-functions-key", host.Settings.AuditorKey);
        JsonElement audit = JsonDocument.Parse(await auditor.GetStringAsync($"/api/audit/releases/{id}")).RootElement;
        JsonElement readiness = audit.GetProperty("records").EnumerateArray().Single(r => r.GetProperty("kind").GetString() == "readiness").GetProperty("record").GetProperty("data");
        Assert.Equal(findings, readiness.GetProperty("findings").GetArrayLength());
        Assert.NotEmpty(readiness.GetProperty("decision").GetProperty("readiness").GetProperty("gates").EnumerateArray());
        JsonElement verification = JsonDocument.Parse(await auditor.GetStringAsync($"/api/audit/releases/{id}/verify")).RootElement;
        Assert.True(verification.GetProperty("verified").GetBoolean(), verification.GetRawText());
    }

    private static JsonArray Names(int count, int length) =>
        new(Enumerable.Range(0, count).Select(i => (JsonNode)($"name-{i}-" + new string('n', length)).Substring(0, length)).ToArray());
}
