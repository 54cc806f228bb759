using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using ReleasePolicy.Evidence;
using ReleasePolicy.IntegrationTests.Evidence;
using ReleasePolicy.IntegrationTests.Infrastructure;

namespace ReleasePolicy.IntegrationTests.EndToEnd;

/// <summary>
/// A release submitted over HTTP leaves a complete, chained, signed evidence record that an auditor can read through
/// the audit API, verify there, export and verify offline, and read with a storage client that is not ours.
/// </summary>
public sealed class ReleaseEvidenceEndToEndTests(ReleaseEvidenceEndToEndTests.Host fixture) : IClassFixture<ReleaseEvidenceEndToEndTests.Host>
{
    private static readonly string[] SucceededPath =
        ["submission", "policy-snapshot", "readiness", "approval-request", "approval-tier", "approval-decision", "schedule", "deployment-cleared", "deployment", "completion"];

    [Fact]
    public async Task FinishedRelease_AuditRecords_AreEveryStepInOrderEachChainedToTheOneBefore()
    {
        JsonElement audit = await fixture.AuditJsonAsync($"/api/audit/releases/{fixture.ReleaseId}");

        JsonElement[] records = audit.GetProperty("records").EnumerateArray().ToArray();
        Assert.Equal(SucceededPath, records.Select(r => r.GetProperty("kind").GetString()));
        Assert.Equal(Enumerable.Range(1, SucceededPath.Length), records.Select(r => r.GetProperty("sequence").GetInt32()));
        Assert.Equal(JsonValueKind.Null, records[0].GetProperty("record").GetProperty("previousHash").ValueKind);
        for (int i = 1; i < records.Length; i++)
        {
            Assert.Equal(records[i - 1].GetProperty("sha256").GetString(), records[i].GetProperty("record").GetProperty("previousHash").GetString());
        }

        JsonElement submission = records[0].GetProperty("record");
        Assert.Equal("local-pipeline", submission.GetProperty("actor").GetProperty("principal").GetString());
        Assert.Equal("alice", submission.GetProperty("actor").GetProperty("onBehalfOf").GetString());
        JsonElement readiness = records[2].GetProperty("record").GetProperty("data").GetProperty("decision").GetProperty("readiness");
        Assert.NotEmpty(readiness.GetProperty("gates").EnumerateArray());
        Assert.NotEmpty(readiness.GetProperty("riskAssessment").GetProperty("factors").EnumerateArray());
        Assert.Equal(fixture.Release.GetProperty("policy").GetProperty("hash").GetString(), records[1].GetProperty("record").GetProperty("data").GetProperty("hash").GetString());
    }

    [Fact]
    public async Task FinishedRelease_Verify_IsVerifiedAndSealedWithTheHeadTheReleaseShows()
    {
        JsonElement verification = await fixture.AuditJsonAsync($"/api/audit/releases/{fixture.ReleaseId}/verify");

        Assert.True(verification.GetProperty("verified").GetBoolean(), verification.GetRawText());
        Assert.True(verification.GetProperty("sealed").GetBoolean());
        Assert.Equal(SucceededPath.Length, verification.GetProperty("records").GetInt32());
        Assert.Equal(fixture.Release.GetProperty("evidenceHead").GetString(), verification.GetProperty("head").GetString());
    }

    [Fact]
    public async Task FinishedRelease_Export_VerifiesOfflineAndItsVerifyMdCommandsWorkAsWritten()
    {
        using HttpResponseMessage response = await fixture.Auditor.GetAsync($"/api/audit/releases/{fixture.ReleaseId}/export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        string zip = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".zip");
        await File.WriteAllBytesAsync(zip, await response.Content.ReadAsByteArrayAsync());
        string publishedKey = Path.ChangeExtension(zip, ".jwks.json");
        await File.WriteAllTextAsync(publishedKey, await fixture.Auditor.GetStringAsync("/api/audit/signing-keys"));

        (int exit, string output) = OfflineVerifier.Run(zip, "--key", publishedKey);
        string folder = EvidenceExportTests.Unzip(zip);
        string instructions = await EvidenceExportTests.RunInstructionsAsync(folder);

        Assert.True(exit == 0, output);
        Assert.Contains($"{fixture.ReleaseId}: verified ({SucceededPath.Length} records, sealed", output, StringComparison.Ordinal);
        Assert.Contains("records OK", instructions, StringComparison.Ordinal);
        Assert.Contains("chain OK", instructions, StringComparison.Ordinal);
        Assert.Contains("Verified OK", instructions, StringComparison.Ordinal);
        Directory.Delete(folder, recursive: true);
        File.Delete(publishedKey);
    }

    [Fact]
    public async Task FinishedRelease_IndependentNodeClient_ChecksEveryHashAndTheSignatureWithThePublishedKey()
    {
        string jwks = await fixture.Auditor.GetStringAsync("/api/audit/signing-keys");

        (int exit, JsonElement result) = await IndependentClientTests.RunClientAsync(
            fixture.Local.Settings.PolicyContainer, "payments-api", fixture.ReleaseId, EvidenceKeySet.FromJwks(jwks).ToPem());

        Assert.True(exit == 0, result.GetRawText());
        Assert.True(result.GetProperty("signatureValid").GetBoolean());
        Assert.Equal(SucceededPath.Length, result.GetProperty("records").GetArrayLength());
        Assert.Equal(fixture.Release.GetProperty("evidenceHead").GetString(), result.GetProperty("head").GetString());
    }

    [Fact]
    public async Task Submission_IsTheJsonValueSentByteForByte_WithTheHashOfTheExactBody()
    {
        using HttpResponseMessage kept = await fixture.Local.Api.Http.GetAsync($"/api/releases/{fixture.ReleaseId}/submission");
        JsonElement audit = await fixture.AuditJsonAsync($"/api/audit/releases/{fixture.ReleaseId}");

        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        Assert.Equal(fixture.SubmittedBody.TrimEnd('\n'), await kept.Content.ReadAsStringAsync());
        Assert.EndsWith("/000001-submission.json", kept.Headers.GetValues("X-Evidence-Record").Single(), StringComparison.Ordinal);
        string exactHash = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(fixture.SubmittedBody)));
        Assert.Equal(exactHash, audit.GetProperty("records")[0].GetProperty("record").GetProperty("data").GetProperty("bodySha256").GetString());
    }

    [Fact]
    public async Task Health_OnAzurite_SaysWormIsNotEnforcedByStorage()
    {
        JsonElement health = await fixture.AuditJsonAsync("/api/health");

        Assert.Equal(WormCapability.NotEnforced, health.GetProperty("evidence").GetProperty("worm").GetString());
    }

    [Fact]
    public async Task TamperedRecord_VerifyEndpoint_NamesTheFirstBrokenRecord()
    {
        string id = await fixture.SubmitAndWaitAsync(ReleaseApiClient.PatchRequest(version: "3.1.0"), "tamper-me");
        var container = new BlobServiceClient(fixture.Local.Settings.StorageConnectionString).GetBlobContainerClient(fixture.Local.Settings.PolicyContainer);
        BlobClient readiness = container.GetBlobClient($"releases/payments-api/{id}/000003-readiness.json");
        byte[] bytes = (await readiness.DownloadContentAsync()).Value.Content.ToArray();
        bytes[^10] ^= 0x01;
        await readiness.UploadAsync(BinaryData.FromBytes(bytes), overwrite: true);

        JsonElement verification = await fixture.AuditJsonAsync($"/api/audit/releases/{id}/verify");

        Assert.False(verification.GetProperty("verified").GetBoolean());
        Assert.EndsWith("000003-readiness.json", verification.GetProperty("firstBrokenRecord").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReleaseWith5000ScanFindings_IsRejectedWithEveryFindingInEvidence_NotFailedOnAStorageLimit()
    {
        JsonObject evidence = ReleaseApiClient.GoodEvidence(DateTimeOffset.UtcNow);
        evidence["scanFindings"] = JsonSerializer.SerializeToNode(new
        {
            critical = 5000, high = 0, medium = 0, low = 0,
            findings = Enumerable.Range(1, 5000).Select(i => new { id = $"CVE-2026-{i:D5}", title = "Injection", severity = "critical" }).ToArray(),
        });

        string id = await fixture.SubmitAndWaitAsync(ReleaseApiClient.PatchRequest(version: "4.0.0", evidence: evidence), "five-thousand");
        JsonElement release = await fixture.Local.Api.GetReleaseAsync(id);
        JsonElement audit = await fixture.AuditJsonAsync($"/api/audit/releases/{id}");

        Assert.Equal("rejected", release.GetProperty("status").GetString());
        JsonElement readinessRecord = audit.GetProperty("records").EnumerateArray().Single(r => r.GetProperty("kind").GetString() == "readiness").GetProperty("record");
        Assert.Equal(5000, readinessRecord.GetProperty("data").GetProperty("findings").GetArrayLength());
        Assert.Contains("CVE-2026-05000", readinessRecord.GetProperty("data").GetProperty("decision").GetProperty("reasons").GetRawText(), StringComparison.Ordinal);
        Assert.Equal(["submission", "policy-snapshot", "readiness", "completion"], audit.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("kind").GetString()));
        JsonElement verification = await fixture.AuditJsonAsync($"/api/audit/releases/{id}/verify");
        Assert.True(verification.GetProperty("verified").GetBoolean(), verification.GetRawText());
    }

    [Fact]
    public async Task LegalHold_PlacedAndCleared_IsRecordedInTheHoldsChainAndStillVerifies()
    {
        string id = await fixture.SubmitAndWaitAsync(ReleaseApiClient.PatchRequest(version: "5.0.0"), "hold-me");

        using HttpResponseMessage placed = await fixture.Auditor.PostAsync($"/api/audit/releases/{id}/legal-hold", JsonContent("{\"reason\":\"SEC inquiry 2026-17\"}"));
        using var clear = new HttpRequestMessage(HttpMethod.Delete, $"/api/audit/releases/{id}/legal-hold") { Content = JsonContent("{\"reason\":\"inquiry closed\"}") };
        using HttpResponseMessage cleared = await fixture.Auditor.SendAsync(clear);
        using HttpResponseMessage noReason = await fixture.Auditor.PostAsync($"/api/audit/releases/{id}/legal-hold", JsonContent("{}"));
        JsonElement verification = await fixture.AuditJsonAsync($"/api/audit/releases/{id}/verify");

        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        JsonElement hold = JsonDocument.Parse(await placed.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("/holds/000001-legal-hold-placed.json", hold.GetProperty("record").GetString(), StringComparison.Ordinal);
        Assert.False(hold.GetProperty("enforcedByStorage").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.True(verification.GetProperty("verified").GetBoolean(), verification.GetRawText());
    }

    [Fact]
    public async Task AuditList_FindsTheFinishedRelease()
    {
        JsonElement list = await fixture.AuditJsonAsync("/api/audit/releases?service=payments-api");

        Assert.Contains(list.GetProperty("items").EnumerateArray(), r => r.GetProperty("releaseId").GetString() == fixture.ReleaseId);
    }

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    /// <summary>One host and one finished release for the class; further releases where a test needs its own.</summary>
    public sealed class Host : IAsyncLifetime
    {
        internal InProcessHost Local { get; private set; } = null!;

        public HttpClient Auditor { get; private set; } = null!;

        public string ReleaseId { get; private set; } = string.Empty;

        public string SubmittedBody { get; private set; } = string.Empty;

        public JsonElement Release { get; private set; }

        public async Task InitializeAsync()
        {
            this.Local = await InProcessHost.StartAsync();
            this.Auditor = new HttpClient { BaseAddress = this.Local.App.BaseAddress };
            this.Auditor.DefaultRequestHeaders.Add("x-functions-key", this.Local.Settings.AuditorKey);
            this.SubmittedBody = JsonSerializer.Serialize(ReleaseApiClient.PatchRequest()) + "\n";
            using HttpResponseMessage submitted = await this.Local.Api.PostRawAsync("/api/releases", this.SubmittedBody, "application/json");
            string body = await submitted.Content.ReadAsStringAsync();
            Assert.True(submitted.StatusCode == HttpStatusCode.Accepted, body);
            this.ReleaseId = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
            await this.Local.Api.ApproveAllAsync(this.ReleaseId);
            this.Release = await this.Local.Api.WaitForAsync(this.ReleaseId, r => r.GetProperty("runtimeStatus").GetString() == "Completed");
        }

        public async Task DisposeAsync()
        {
            this.Auditor.Dispose();
            await this.Local.DisposeAsync();
        }

        public async Task<JsonElement> AuditJsonAsync(string path)
        {
            using HttpResponseMessage response = await this.Auditor.GetAsync(path);
            string text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
            return JsonDocument.Parse(text).RootElement.Clone();
        }

        public async Task<string> SubmitAndWaitAsync(object request, string key)
        {
            using HttpResponseMessage submitted = await this.Local.Api.SubmitAsync(request, key);
            string body = await submitted.Content.ReadAsStringAsync();
            Assert.True(submitted.StatusCode == HttpStatusCode.Accepted, body);
            string id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
            await this.Local.Api.ApproveAllAsync(id);
            await this.Local.Api.WaitForAsync(id, r => r.GetProperty("runtimeStatus").GetString() == "Completed");
            return id;
        }
    }
}
