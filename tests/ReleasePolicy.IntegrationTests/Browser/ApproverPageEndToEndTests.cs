using System.Text.Json;
using ReleasePolicy.IntegrationTests.Approvals;
using ReleasePolicy.IntegrationTests.Infrastructure;
using ReleasePolicy.IntegrationTests.Infrastructure.Browser;

namespace ReleasePolicy.IntegrationTests.Browser;

/// <summary>
/// The whole approval loop in a real headless chromium against the local host: a pipeline submits a high-risk payments
/// patch (route <c>peer</c>: two of the senior engineers grace, heidi and carol), the approvers open the dev outbox,
/// click the link in their mail, read the summary, type a comment and click a button; the release then moves on.
/// </summary>
public sealed class ApproverPageEndToEndTests
{
    [Fact]
    public async Task PeerRelease_GraceAndHeidiApproveInTheBrowser_ReleaseSucceedsWithTheirComments()
    {
        await using InProcessHost host = await InProcessHost.StartAsync();
        string id = await SubmitPeerReleaseAsync(host, "browser-approve-1");
        using var browser = HeadlessChromium.Start();

        (Uri graceLink, string graceSaw) = ApproveInBrowser(browser, host, id, "grace", "Rounding fix reviewed <ok> & café");
        (_, string heidiSaw) = ApproveInBrowser(browser, host, id, "heidi", "Second pair of eyes: fine");

        Assert.Contains("Approval recorded", graceSaw, StringComparison.Ordinal);
        Assert.Contains("Approval recorded", heidiSaw, StringComparison.Ordinal);
        JsonElement done = await host.Api.WaitForDoneAsync(id);
        Assert.True(done.GetProperty("status").GetString() == "succeeded", done.GetRawText());
        JsonElement tier = done.GetProperty("approvals")[0];
        Dictionary<string, string?> comments = tier.GetProperty("votes").EnumerateArray()
            .ToDictionary(v => v.GetProperty("person").GetString()!, v => v.GetProperty("comment").GetString());
        Assert.Equal("Rounding fix reviewed <ok> & café", comments["grace"]);
        Assert.Equal("Second pair of eyes: fine", comments["heidi"]);
        Assert.Equal(2, comments.Count);
        Assert.All(tier.GetProperty("votes").EnumerateArray(), v => Assert.Equal("link", v.GetProperty("via").GetString()));

        // Once the tier is decided, a used link and carol's unused one both say so instead of offering the form.
        browser.Open(graceLink);
        Assert.Contains("Already decided", browser.TextById("outcome"), StringComparison.Ordinal);
        OutboxInBrowser.ClickApprovalLink(browser, host.App.BaseAddress, id, "carol");
        Assert.Contains("Already decided", browser.TextById("outcome"), StringComparison.Ordinal);
        Assert.False(browser.Exists("approve"), "a decided tier offers no form");
    }

    [Fact]
    public async Task PeerRelease_GraceRejectsInTheBrowser_ReleaseEndsRejectedWithHerComment()
    {
        await using InProcessHost host = await InProcessHost.StartAsync();
        string id = await SubmitPeerReleaseAsync(host, "browser-reject-1");
        using var browser = HeadlessChromium.Start();

        OutboxInBrowser.ClickApprovalLink(browser, host.App.BaseAddress, id, "grace");
        browser.FillById("comment", "Refund rounding still wrong for JPY");
        browser.ClickById("reject");
        string outcome = browser.TextById("outcome");

        Assert.Contains("Rejection recorded", outcome, StringComparison.Ordinal);
        JsonElement done = await host.Api.WaitForDoneAsync(id);
        Assert.True(done.GetProperty("status").GetString() == "rejected", done.GetRawText());
        JsonElement approval = done.GetProperty("decisions").EnumerateArray().Single(d => d.GetProperty("stage").GetString() == "approval");
        Assert.Equal("rejected", approval.GetProperty("outcome").GetString());
        Assert.Contains("Refund rounding still wrong for JPY", approval.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Contains("grace", approval.GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsedLink_OpenedAgainInTheBrowser_ShowsAlreadyAnsweredInsteadOfTheForm()
    {
        await using InProcessHost host = await InProcessHost.StartAsync();
        string id = await SubmitPeerReleaseAsync(host, "browser-reopen-1");
        using var browser = HeadlessChromium.Start();
        Uri link = OutboxInBrowser.ClickApprovalLink(browser, host.App.BaseAddress, id, "grace");
        browser.FillById("comment", "once");
        browser.ClickById("approve");
        Assert.Contains("Approval recorded", browser.TextById("outcome"), StringComparison.Ordinal);

        browser.Open(link); // the same link, as from the mail or the browser's history
        string again = browser.TextById("outcome");

        Assert.Contains("Already answered", again, StringComparison.Ordinal);
        Assert.Contains("grace", again, StringComparison.Ordinal);
        Assert.False(browser.Exists("approve"), "the form must not be offered again");
        Assert.False(browser.Exists("reject"));
        Assert.False(browser.Exists("comment"));
        // One vote of two: the release still waits, and the second look counted nothing.
        JsonElement release = await host.Api.GetReleaseAsync(id);
        Assert.Equal("approval", release.GetProperty("stage").GetString());
        Assert.Equal(1, release.GetProperty("approvals")[0].GetProperty("votes").GetArrayLength());
    }

    /// <summary>Submits the payments patch and waits until the peer tier's three requests are in the outbox.</summary>
    private static async Task<string> SubmitPeerReleaseAsync(InProcessHost host, string key)
    {
        string id = await ApprovalEndToEndTests.SubmitAsync(host, ReleaseApiClient.PatchRequest(), key);
        using var approvers = new ApprovalDriver(host.App.BaseAddress);
        IReadOnlyList<OutboxMail> mails = await approvers.WaitForMailsAsync(id, m => m.Count(x => x.Kind == "approval-request") >= 3);
        Assert.Equal(["carol", "grace", "heidi"], mails.Where(m => m.Kind == "approval-request").Select(m => m.To).Order());
        return id;
    }

    /// <summary>From the outbox to the confirmation, checking the page shows the release and who is answering.</summary>
    private static (Uri Link, string Outcome) ApproveInBrowser(HeadlessChromium browser, InProcessHost host, string id, string person, string comment)
    {
        Uri link = OutboxInBrowser.ClickApprovalLink(browser, host.App.BaseAddress, id, person);
        Assert.Equal(link.AbsolutePath, browser.CurrentUrl.AbsolutePath);
        string summary = browser.TextById("summary");
        Assert.Contains(id, summary, StringComparison.Ordinal);
        Assert.Contains("payments-api", summary, StringComparison.Ordinal);
        Assert.Contains("Fix rounding in refunds", summary, StringComparison.Ordinal);
        string answeringAs = browser.TextById("answering-as");
        Assert.Contains(person, answeringAs, StringComparison.OrdinalIgnoreCase); // "Grace Garcia" for grace
        Assert.Contains("peer", answeringAs, StringComparison.Ordinal);

        browser.FillById("comment", comment);
        browser.ClickById("approve");
        return (link, browser.TextById("outcome"));
    }
}
