using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ReleasePolicy.IntegrationTests.Infrastructure;
using ReleasePolicy.Policy;
using ReleasePolicy.Testing;

namespace ReleasePolicy.IntegrationTests.Policy;

/// <summary>
/// A policy change over HTTP as it happens: the administrator proposes, the active policy's Release Policy Council
/// (quorum 2 of quinn, rupert, sybil) answers through the links in the dev outbox, and only then is it active.
/// </summary>
public sealed class PolicyChangeApprovalTests(SharedHost shared) : IClassFixture<SharedHost>
{
    private static readonly string[] Council = ["quinn", "rupert", "sybil"];

    [Fact]
    public async Task Proposal_CouncilApprovesTwoOfThree_BecomesActive()
    {
        InProcessHost host = shared.Host;
        string text = Variant("2026.12.1-approved", "0.75");

        using HttpResponseMessage proposed = await PolicyChanges.ProposeAsync(host.App.BaseAddress, text, host.Settings.AdminKey);
        string body = await proposed.Content.ReadAsStringAsync();
        Assert.True(proposed.StatusCode == HttpStatusCode.Accepted, body);
        Assert.Equal("/api/policy/proposals/2026.12.1-approved", proposed.Headers.Location?.OriginalString);
        Assert.Equal("proposed", JsonDocument.Parse(body).RootElement.GetProperty("status").GetString());
        Assert.DoesNotContain("2026.12.1-approved", await VersionsAsync(host));

        IReadOnlyList<OutboxMail> mails = await WaitForCouncilMailsAsync(host, "2026.12.1-approved");
        using var driver = new ApprovalDriver(host.App.BaseAddress);
        using HttpResponseMessage first = await driver.AnswerAsync(mails.First(m => m.To == "quinn").Link!, "approve", "fine");
        JsonElement afterOne = await PolicyChanges.StatusAsync(host.App.BaseAddress, host.Settings.AdminKey, "2026.12.1-approved");
        using HttpResponseMessage second = await driver.AnswerAsync(mails.First(m => m.To == "rupert").Link!, "approve", "agreed");
        JsonElement done = await PolicyChanges.ApproveAsync(host.App.BaseAddress, host.Settings.AdminKey, "2026.12.1-approved", answers: 0);

        Assert.True(first.IsSuccessStatusCode && second.IsSuccessStatusCode, await second.Content.ReadAsStringAsync());
        Assert.Equal("pending", afterOne.GetProperty("status").GetString());
        Assert.Equal(1, afterOne.GetProperty("tiers")[0].GetProperty("votes").GetArrayLength());
        Assert.Equal("approved", done.GetProperty("status").GetString());
        Assert.Equal(["quinn", "rupert"], done.GetProperty("tiers")[0].GetProperty("votes").EnumerateArray().Select(v => v.GetProperty("person").GetString()));
        Assert.Contains("2026.12.1-approved", await VersionsAsync(host));
        int sequence = done.GetProperty("publishedSequence").GetInt32();
        string published = await host.Api.Http.GetStringAsync($"/api/policy/versions/{sequence}?format=yaml");
        Assert.Equal(text, published);
    }

    [Fact]
    public async Task Proposal_CouncilMemberRejects_StaysInactiveWithTheReason()
    {
        InProcessHost host = shared.Host;
        string text = Variant("2026.12.2-rejected", "0.10");
        using HttpResponseMessage proposed = await PolicyChanges.ProposeAsync(host.App.BaseAddress, text, host.Settings.AdminKey);
        Assert.Equal(HttpStatusCode.Accepted, proposed.StatusCode);
        IReadOnlyList<OutboxMail> mails = await WaitForCouncilMailsAsync(host, "2026.12.2-rejected");

        using var driver = new ApprovalDriver(host.App.BaseAddress);
        using HttpResponseMessage rejected = await driver.AnswerAsync(mails.First(m => m.To == "sybil").Link!, "reject", "coverage far too low");
        JsonElement status = await PolicyChanges.ApproveAsync(host.App.BaseAddress, host.Settings.AdminKey, "2026.12.2-rejected", answers: 0);
        using HttpResponseMessage late = await driver.AnswerAsync(mails.First(m => m.To == "quinn").Link!, "approve");
        using HttpResponseMessage again = await PolicyChanges.ProposeAsync(host.App.BaseAddress, text, host.Settings.AdminKey);

        Assert.True(rejected.IsSuccessStatusCode, await rejected.Content.ReadAsStringAsync());
        Assert.Equal("rejected", status.GetProperty("status").GetString());
        Assert.Contains("coverage far too low", status.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.False(status.GetProperty("active").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.DoesNotContain("2026.12.2-rejected", await VersionsAsync(host));

        // Proposing it again is refused with the decision: it stands, and the proposal stays inactive.
        string againBody = await again.Content.ReadAsStringAsync();
        Assert.True(again.StatusCode == HttpStatusCode.Conflict, againBody);
        Assert.Contains("coverage far too low", againBody, StringComparison.Ordinal);
        Assert.Equal("rejected", (await PolicyChanges.StatusAsync(host.App.BaseAddress, host.Settings.AdminKey, "2026.12.2-rejected")).GetProperty("status").GetString());
        Assert.DoesNotContain("2026.12.2-rejected", await VersionsAsync(host));
    }

    [Fact]
    public async Task ApproverPage_ForAProposal_ShowsTheDiffAgainstTheActiveVersion()
    {
        // A host of its own: the diff is against the active version, which the other tests here change.
        await using InProcessHost host = await InProcessHost.StartAsync();
        string text = Variant("2026.12.3-diff", "0.81");
        using HttpResponseMessage proposed = await PolicyChanges.ProposeAsync(host.App.BaseAddress, text, host.Settings.AdminKey);
        Assert.Equal(HttpStatusCode.Accepted, proposed.StatusCode);
        IReadOnlyList<OutboxMail> mails = await WaitForCouncilMailsAsync(host, "2026.12.3-diff");

        using var driver = new ApprovalDriver(host.App.BaseAddress);
        using var request = new HttpRequestMessage(HttpMethod.Get, mails[0].Link);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        using HttpResponseMessage page = await driver.Http.SendAsync(request);
        string html = await page.Content.ReadAsStringAsync();

        Assert.True(page.StatusCode == HttpStatusCode.OK, html);
        Assert.Contains("id=\"policy-diff\"", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"diff-added\"", html, StringComparison.Ordinal);
        Assert.Matches("diff-added[^>]*>\\+    minCoverage: 0\\.81<", html);
        Assert.Matches("diff-removed[^>]*>-    minCoverage: 0\\.70<", html);
        Assert.Matches("diff-added[^>]*>\\+version: &quot;2026\\.12\\.3-diff&quot;<|diff-added[^>]*>\\+version: \"2026\\.12\\.3-diff\"<", html);

        // Only the changed lines and their context: the untouched controls section is not on the page.
        Assert.DoesNotContain("controls:", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Proposal_ItsRequestTiersAndOutcome_AreASealedEvidenceChain()
    {
        InProcessHost host = shared.Host;
        string text = Variant("2026.12.4-evidence", "0.72");
        using HttpResponseMessage proposed = await PolicyChanges.ProposeAsync(host.App.BaseAddress, text, host.Settings.AdminKey);
        Assert.Equal(HttpStatusCode.Accepted, proposed.StatusCode);
        await PolicyChanges.ApproveAsync(host.App.BaseAddress, host.Settings.AdminKey, "2026.12.4-evidence");

        BlobContainerClient container = new BlobServiceClient(host.Settings.StorageConnectionString).GetBlobContainerClient(host.Settings.PolicyContainer);
        var names = new List<string>();
        DateTime until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!names.Contains("manifest.json") && DateTime.UtcNow < until)
        {
            names.Clear();
            await foreach (BlobItem item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = "releases/release-policy/policy-2026.12.4-evidence/" }))
            {
                names.Add(item.Name[(item.Name.LastIndexOf('/') + 1)..]);
            }

            await Task.Delay(300);
        }

        Assert.Equal(
            ["000001-policy-proposal.json", "000002-approval-request.json", "000003-approval-tier.json", "000004-policy-change-decision.json", "manifest.json", "manifest.sig"],
            names.Order(StringComparer.Ordinal));
        BlobDownloadResult first = await container.GetBlobClient("releases/release-policy/policy-2026.12.4-evidence/000001-policy-proposal.json").DownloadContentAsync();
        JsonElement data = JsonDocument.Parse(first.Content.ToString()).RootElement.GetProperty("data");
        Assert.Equal(text, data.GetProperty("text").GetString());
        Assert.Equal(PolicyHash.Compute(text), data.GetProperty("hash").GetString());
        BlobDownloadResult last = await container.GetBlobClient("releases/release-policy/policy-2026.12.4-evidence/000004-policy-change-decision.json").DownloadContentAsync();
        Assert.Equal("approved", JsonDocument.Parse(last.Content.ToString()).RootElement.GetProperty("data").GetProperty("status").GetString(), StringComparer.OrdinalIgnoreCase);

        // Auditors verify it through the audit API like a release's chain.
        using var verify = new HttpRequestMessage(HttpMethod.Get, "/api/audit/releases/policy-2026.12.4-evidence/verify");
        verify.Headers.Add("x-functions-key", host.Settings.AuditorKey);
        using var auditor = new HttpClient { BaseAddress = host.App.BaseAddress };
        using HttpResponseMessage verified = await auditor.SendAsync(verify);
        JsonElement result = JsonDocument.Parse(await verified.Content.ReadAsStringAsync()).RootElement;
        Assert.True(result.GetProperty("verified").GetBoolean(), result.ToString());
        Assert.True(result.GetProperty("sealed").GetBoolean(), result.ToString());
    }

    [Fact]
    public async Task Proposal_ByACouncilMember_ExcludesTheProposerWhoCannotApproveIt()
    {
        HostSettings settings = await HostSettings.CreateAsync();
        settings = settings with { Extra = new Dictionary<string, string?> { ["ReleasePolicy:ApiKeys:admin:Principal"] = "quinn" } };
        await using InProcessHost host = await InProcessHost.StartAsync(settings);
        using HttpResponseMessage proposed = await PolicyChanges.ProposeAsync(host.App.BaseAddress, Variant("2026.12.5-own", "0.71"), settings.AdminKey);
        Assert.True(proposed.StatusCode == HttpStatusCode.Accepted, await proposed.Content.ReadAsStringAsync());

        using var driver = new ApprovalDriver(host.App.BaseAddress);
        IReadOnlyList<OutboxMail> mails = await driver.WaitForMailsAsync("policy-2026.12.5-own", m => m.Count >= 2);
        JsonElement status = await PolicyChanges.StatusAsync(host.App.BaseAddress, settings.AdminKey, "2026.12.5-own");

        Assert.Equal(["rupert", "sybil"], mails.Select(m => m.To).Order(StringComparer.Ordinal));
        Assert.Equal("quinn", status.GetProperty("proposedBy").GetString());
        Assert.Contains(status.GetProperty("tiers")[0].GetProperty("excluded").EnumerateArray(), e => e.GetProperty("person").GetString() == "quinn");

        // quinn holds a link only by forging one; the tally refuses quinn whatever the credential, as for releases.
        JsonElement done = await PolicyChanges.ApproveAsync(host.App.BaseAddress, settings.AdminKey, "2026.12.5-own");
        Assert.Equal("approved", done.GetProperty("status").GetString());
        Assert.DoesNotContain(done.GetProperty("tiers")[0].GetProperty("votes").EnumerateArray(), v => v.GetProperty("person").GetString() == "quinn");
    }

    [Fact]
    public async Task Proposal_NobodyAnswersByTheCouncilsDeadline_TimesOutAndStaysInactive()
    {
        // First (approved under the sample's council) a policy whose own council answers within seconds or not at all.
        await using InProcessHost host = await InProcessHost.StartAsync();
        string hasty = Variant("2026.12.6-hasty", "0.70")
            .Replace("sla: { reminders: [P1D, P3D], escalateAfter: P4D, escalateTo: { group: vp-engineering } }", "sla: { reminders: [PT2S] }", StringComparison.Ordinal)
            .Replace("timeout: { after: P7D, outcome: reject }", "timeout: { after: PT5S, outcome: reject }", StringComparison.Ordinal);
        Assert.NotEqual(Variant("2026.12.6-hasty", "0.70"), hasty);
        await PolicyChanges.PublishApprovedAsync(host.App.BaseAddress, host.Settings.AdminKey, hasty);

        using HttpResponseMessage proposed = await PolicyChanges.ProposeAsync(host.App.BaseAddress, Variant("2026.12.7-late", "0.71"), host.Settings.AdminKey);
        Assert.Equal(HttpStatusCode.Accepted, proposed.StatusCode);
        using var driver = new ApprovalDriver(host.App.BaseAddress);
        IReadOnlyList<OutboxMail> mails = await driver.WaitForMailsAsync("policy-2026.12.7-late", m => m.Count(mail => mail.Kind == "approval-reminder") >= Council.Length, TimeSpan.FromSeconds(30));
        JsonElement status = await PolicyChanges.ApproveAsync(host.App.BaseAddress, host.Settings.AdminKey, "2026.12.7-late", answers: 0, deadline: TimeSpan.FromSeconds(30));

        Assert.Equal("timedOut", status.GetProperty("status").GetString());
        Assert.Contains("Timed out", status.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("2026.12.7-late", await VersionsAsync(host));
        Assert.Equal("2026.12.6-hasty", JsonDocument.Parse(await host.Api.Http.GetStringAsync("/api/policy")).RootElement.GetProperty("version").GetString());
        Assert.Equal(Council, mails.Where(m => m.Kind == "approval-reminder").Select(m => m.To).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TwoProposals_ApprovedConcurrently_AreEachPublishedOnceUnderTheirOwnSequence()
    {
        InProcessHost host = shared.Host;
        string[] versions = ["2026.12.8-left", "2026.12.9-right"];
        foreach ((string version, string coverage) in versions.Zip(["0.73", "0.74"]))
        {
            using HttpResponseMessage proposed = await PolicyChanges.ProposeAsync(host.App.BaseAddress, Variant(version, coverage), host.Settings.AdminKey);
            Assert.Equal(HttpStatusCode.Accepted, proposed.StatusCode);
        }

        JsonElement[] done = await Task.WhenAll(versions.Select(v => PolicyChanges.ApproveAsync(host.App.BaseAddress, host.Settings.AdminKey, v)));

        Assert.All(done, d => Assert.Equal("approved", d.GetProperty("status").GetString()));
        int[] sequences = done.Select(d => d.GetProperty("publishedSequence").GetInt32()).ToArray();
        Assert.NotEqual(sequences[0], sequences[1]);
        string[] published = await VersionsAsync(host);
        Assert.All(versions, v => Assert.Single(published, p => p == v));
    }

    private static async Task<IReadOnlyList<OutboxMail>> WaitForCouncilMailsAsync(InProcessHost host, string version)
    {
        using var driver = new ApprovalDriver(host.App.BaseAddress);
        IReadOnlyList<OutboxMail> mails = await driver.WaitForMailsAsync("policy-" + version, m => m.Count >= Council.Length);
        Assert.Equal(Council, mails.Select(m => m.To).Order(StringComparer.Ordinal));
        return mails;
    }

    private static async Task<string[]> VersionsAsync(InProcessHost host)
    {
        JsonElement versions = JsonDocument.Parse(await host.Api.Http.GetStringAsync("/api/policy/versions")).RootElement;
        return versions.GetProperty("items").EnumerateArray().Select(v => v.GetProperty("version").GetString()!).ToArray();
    }

    /// <summary>The sample policy under a new version with another patch coverage minimum.</summary>
    private static string Variant(string version, string coverage) =>
        TestPolicies.SampleWithoutCalendar
            .Replace("version: \"2026.11.1\"", $"version: \"{version}\"", StringComparison.Ordinal)
            .Replace("    minCoverage: 0.70", "    minCoverage: " + coverage, StringComparison.Ordinal);
}
