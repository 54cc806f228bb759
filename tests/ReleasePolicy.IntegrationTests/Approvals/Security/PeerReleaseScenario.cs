using System.Net.Http.Headers;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ReleasePolicy.Approvals;
using ReleasePolicy.Evidence;
using ReleasePolicy.IntegrationTests.Infrastructure;

namespace ReleasePolicy.IntegrationTests.Approvals.Security;

/// <summary>
/// A peer-route release waiting for its approvers (payments-api patch by alice: senior-engineers grace, heidi and carol,
/// quorum 2), and the places a refused answer must leave a trace: the tier's refusals in <c>GET /api/releases/{id}</c>,
/// the tier's <c>approval-tier</c> evidence record, and the security log blobs for credentials that prove nothing.
/// </summary>
internal sealed class PeerReleaseScenario
{
    private PeerReleaseScenario(InProcessHost host, ApprovalDriver driver, string releaseId, IReadOnlyList<OutboxMail> requests)
    {
        this.Host = host;
        this.Driver = driver;
        this.ReleaseId = releaseId;
        this.Requests = requests;
    }

    public InProcessHost Host { get; }

    public ApprovalDriver Driver { get; }

    public string ReleaseId { get; }

    /// <summary>The tier-0 approval requests, one per peer.</summary>
    public IReadOnlyList<OutboxMail> Requests { get; }

    public Uri LinkFor(string person) => this.Requests.Single(m => m.To == person).Link!;

    public static async Task<PeerReleaseScenario> SubmitAsync(InProcessHost host, ApprovalDriver driver, string version)
    {
        string id = await ApprovalEndToEndTests.SubmitAsync(host, ReleaseApiClient.PatchRequest(version: version), "security-" + version + "-" + Guid.NewGuid().ToString("N"));
        IReadOnlyList<OutboxMail> mails = await driver.WaitForMailsAsync(id, m => m.Count(x => x.Kind == "approval-request") >= 3);
        OutboxMail[] requests = mails.Where(m => m.Kind == "approval-request").ToArray();
        Assert.Equal(["carol", "grace", "heidi"], requests.Select(m => m.To).Order());
        return new PeerReleaseScenario(host, driver, id, requests);
    }

    /// <summary>The first approval tier as <c>GET /api/releases/{id}</c> shows it.</summary>
    public async Task<JsonElement> TierAsync()
    {
        JsonElement release = await this.Host.Api.GetReleaseAsync(this.ReleaseId);
        return release.GetProperty("approvals")[0];
    }

    public async Task<IReadOnlyList<string>> VotersAsync() =>
        (await this.TierAsync()).GetProperty("votes").EnumerateArray().Select(v => v.GetProperty("person").GetString()!).ToArray();

    /// <summary>Asserts the tier holds a refusal of <paramref name="person"/> with <paramref name="code"/> and a reason.</summary>
    public async Task<JsonElement> AssertRefusalRecordedAsync(string person, string code)
    {
        JsonElement tier = await this.TierAsync();
        return AssertRefusal(tier, person, code);
    }

    public static JsonElement AssertRefusal(JsonElement tier, string person, string code)
    {
        JsonElement[] refusals = tier.GetProperty("refusals").EnumerateArray().ToArray();
        JsonElement match = Assert.Single(refusals, r =>
            string.Equals(r.GetProperty("person").GetString(), person, StringComparison.OrdinalIgnoreCase)
            && r.GetProperty("code").GetString() == code);
        Assert.False(string.IsNullOrWhiteSpace(match.GetProperty("reason").GetString()));
        return match;
    }

    /// <summary>Approves with two peers so the tier closes, then returns the tier's <c>approval-tier</c> evidence record (via the audit API).</summary>
    public async Task<JsonElement> CloseTierAndReadEvidenceAsync(params string[] approvers)
    {
        foreach (string person in approvers)
        {
            using HttpResponseMessage answered = await this.Driver.AnswerAsync(this.LinkFor(person), "approve", "ok");
            Assert.True(answered.IsSuccessStatusCode, await answered.Content.ReadAsStringAsync());
        }

        return await this.WaitForEvidenceAsync(EvidenceKinds.ApprovalTier);
    }

    /// <summary>Every evidence record of <paramref name="kind"/> for the release, once at least one exists.</summary>
    public async Task<JsonElement> WaitForEvidenceAsync(string kind)
    {
        IReadOnlyList<JsonElement> records = await this.WaitForEvidenceRecordsAsync(kind, 1);
        return Assert.Single(records);
    }

    public async Task<IReadOnlyList<JsonElement>> WaitForEvidenceRecordsAsync(string kind, int atLeast)
    {
        DateTime until = DateTime.UtcNow + ReleaseApiClient.DefaultDeadline;
        IReadOnlyList<JsonElement> found = [];
        while (DateTime.UtcNow < until)
        {
            found = await this.EvidenceAsync(kind);
            if (found.Count >= atLeast)
            {
                return found;
            }

            await Task.Delay(250);
        }

        Assert.Fail($"No {kind} evidence for {this.ReleaseId} in time.");
        return found;
    }

    public async Task<IReadOnlyList<JsonElement>> EvidenceAsync(string kind)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/audit/releases/{this.ReleaseId}").AsAuditor(this.Host.Settings);
        using var http = new HttpClient { BaseAddress = this.Host.App.BaseAddress };
        using HttpResponseMessage response = await http.SendAsync(request);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return [];
        }

        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"audit: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("records").EnumerateArray()
            .Where(r => r.GetProperty("kind").GetString() == kind)
            .Select(r => r.GetProperty("record").Clone())
            .ToArray();
    }

    /// <summary>The security log's records (unverifiable credentials) in this host's evidence container.</summary>
    public static async Task<IReadOnlyList<JsonElement>> SecurityLogAsync(InProcessHost host)
    {
        var container = new BlobContainerClient(host.Settings.StorageConnectionString, host.Settings.PolicyContainer);
        var records = new List<JsonElement>();
        await foreach (BlobItem blob in container.GetBlobsAsync(new GetBlobsOptions { Prefix = ApprovalSecurityLog.Prefix }))
        {
            BinaryData content = (await container.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content;
            records.Add(JsonDocument.Parse(content.ToMemory()).RootElement.Clone());
        }

        return records;
    }

    /// <summary>Asserts exactly one more security log record with <paramref name="code"/> than <paramref name="before"/> held.</summary>
    public static async Task<JsonElement> AssertSecurityLoggedAsync(InProcessHost host, IReadOnlyList<JsonElement> before, string code)
    {
        IReadOnlyList<JsonElement> after = await SecurityLogAsync(host);
        JsonElement[] added = after.Where(r => r.GetProperty("code").GetString() == code).ToArray();
        Assert.Equal(before.Count(r => r.GetProperty("code").GetString() == code) + 1, added.Length);
        Assert.False(string.IsNullOrWhiteSpace(added[^1].GetProperty("reason").GetString()));
        return added[^1];
    }

    /// <summary>A JSON client POST of an answer to <paramref name="link"/> (what an API client or script sends).</summary>
    public static HttpRequestMessage JsonAnswer(Uri link, string decision)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, link) { Content = new StringContent($$"""{"decision":"{{decision}}"}""", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }
}
