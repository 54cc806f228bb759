using ReleasePolicy.Approvals.Presentation;
using ReleasePolicy.IntegrationTests.Infrastructure.Browser;

namespace ReleasePolicy.IntegrationTests.Browser;

/// <summary>
/// The approver page in a real headless chromium: the form renders, takes a comment and posts the decision under the
/// page's Content-Security-Policy, without JavaScript, and the confirmation shows.
/// </summary>
public sealed class ApproverPageBrowserTests
{
    private const string PagePath = "/api/approvals/tok.en-123";

    private static readonly ApprovalSummary Summary = new(
        "rel-browser",
        "payments-api",
        "2.4.1",
        "production",
        "patch",
        "Alice Example",
        "Fix rounding of refunds <script>alert(1)</script>",
        new SummaryRisk(53, "high", [new SummaryRiskFactor("linesChanged", "complexity", 7.5, "340 lines")]),
        [new SummaryGate("testCoverage", "pass", "0.86", ">= 0.80", "Coverage meets the threshold")],
        new RollbackPlan("Procedure RB-42", new Uri("https://runbooks.example.com/payments")),
        new SummaryTier("oversight.cab", "cab", 0, 1, 2),
        [],
        new DateTimeOffset(2026, 12, 1, 17, 30, 0, TimeSpan.Zero));

    [Theory]
    [InlineData("approve", "Ship it <b>now</b> & café")]
    [InlineData("reject", "")]
    public async Task ApproverPage_TypeCommentAndClickDecision_PostsFieldsAndShowsOutcome(string decision, string comment)
    {
        await using var server = await LoopbackPageServer.StartAsync(
            _ => ApproverPageRenderer.RenderForm(Summary, PagePath, "Grace Hopper"),
            (_, form) => ApproverPageRenderer.RenderOutcome(
                $"Recorded: {form.GetValueOrDefault("decision")}",
                $"Your comment: {form.GetValueOrDefault("comment")}",
                Summary));
        using var browser = HeadlessChromium.Start();

        browser.Open(server.Url(PagePath));
        Assert.Contains("<script>alert(1)</script>", browser.TextById("summary"), StringComparison.Ordinal);
        browser.FillById("comment", comment);
        browser.ClickById(decision);

        var outcome = browser.TextById("outcome");
        var posted = Assert.Single(server.PostedForms);
        Assert.Equal(decision, posted["decision"]);
        Assert.Equal(comment, posted["comment"]);
        Assert.Equal(["comment", "decision"], posted.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(PagePath, browser.CurrentUrl.AbsolutePath);
        Assert.Contains($"Recorded: {decision}", outcome, StringComparison.Ordinal);
        Assert.Contains($"Your comment: {comment}".TrimEnd(), outcome, StringComparison.Ordinal); // visible text is trimmed
        Assert.False(browser.Exists("approve"));
    }

    /// <summary>The mail's plain approve link, followed in a browser as from the dev outbox, leads to the same form.</summary>
    [Fact]
    public async Task MailApproveLink_FollowedInBrowser_OpensApproverPageThatRecordsTheDecision()
    {
        const string MailPath = "/outbox/mail-1";
        Uri? approverPage = null;
        await using var server = await LoopbackPageServer.StartAsync(
            path => path == MailPath
                ? ApprovalMailRenderer.Render(Summary, new ApprovalMailLinks(approverPage!), MailPurpose.Request).Html
                : ApproverPageRenderer.RenderForm(Summary, PagePath, "Grace Hopper"),
            (_, form) => ApproverPageRenderer.RenderOutcome("Approved", "Recorded.", Summary));
        approverPage = server.Url(PagePath);
        using var browser = HeadlessChromium.Start();

        browser.Open(server.Url(MailPath));
        Assert.StartsWith("Your decision is requested", browser.TextById("purpose"), StringComparison.Ordinal);
        browser.ClickById("approve-link");
        browser.FillById("comment", "From the mail");
        browser.ClickById("approve");

        Assert.Contains("Approved", browser.TextById("outcome"), StringComparison.Ordinal);
        var posted = Assert.Single(server.PostedForms);
        Assert.Equal(("approve", "From the mail"), (posted["decision"], posted["comment"]));
    }

    [Fact]
    public void Locate_ToolsNotOnPath_FailsNamingTheFix()
    {
        var empty = Directory.CreateTempSubdirectory("no-browser-").FullName;
        try
        {
            var error = Assert.Throws<InvalidOperationException>(() => BrowserTools.Locate(empty));

            Assert.Contains("chromium and chromedriver is not on PATH", error.Message, StringComparison.Ordinal);
            Assert.Contains(".ci/run", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Fact]
    public void Locate_DebianPackagesInstalled_FindsBoth()
    {
        var tools = BrowserTools.Locate();

        Assert.True(File.Exists(tools.ChromiumPath), tools.ChromiumPath);
        Assert.True(File.Exists(Path.Combine(tools.DriverDirectory, tools.DriverFileName)));
    }
}
