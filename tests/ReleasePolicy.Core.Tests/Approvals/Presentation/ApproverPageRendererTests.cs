using ReleasePolicy.Approvals.Presentation;
using static ReleasePolicy.Core.Tests.Approvals.Presentation.PresentationSamples;

namespace ReleasePolicy.Core.Tests.Approvals.Presentation;

public class ApproverPageRendererTests
{
    private const string FormPath = "/api/approvals/tok.en-123";

    [Fact]
    public void RenderForm_Always_PostsCommentAndOneOfTwoDecisionsToTheGivenPath()
    {
        var document = Parse(ApproverPageRenderer.RenderForm(Full(), FormPath, "Grace Hopper"));

        var form = Assert.Single(document.Forms);
        Assert.Equal("post", form.Method, ignoreCase: true);
        Assert.Equal(FormPath, form.GetAttribute("action"));
        var comment = document.GetElementById("comment");
        Assert.Equal("textarea", comment?.LocalName);
        Assert.Equal("comment", comment?.GetAttribute("name"));
        Assert.Same(form, comment?.Closest("form"));
        foreach (var decision in new[] { "approve", "reject" })
        {
            var button = document.GetElementById(decision);
            Assert.Equal("button", button?.LocalName);
            Assert.Equal("submit", button?.GetAttribute("type"));
            Assert.Equal("decision", button?.GetAttribute("name"));
            Assert.Equal(decision, button?.GetAttribute("value"));
            Assert.Same(form, button?.Closest("form"));
        }
    }

    [Fact]
    public void RenderForm_FullSummary_ShowsEveryFieldAndWhoIsAnswering()
    {
        var document = Parse(ApproverPageRenderer.RenderForm(Full(), FormPath, "Grace Hopper"));

        Assert.Contains("Grace Hopper", TextOf(document, "answering-as"), StringComparison.Ordinal);
        var summary = TextOf(document, "summary");
        foreach (var expected in new[] { "rel-4f2a", "payments-api", "2.4.1", "production", "patch", "Alice Example", "53/100 (high)", "Procedure RB-42" })
        {
            Assert.Contains(expected, summary, StringComparison.Ordinal);
        }

        Assert.Contains("340 lines", TextOf(document, "risk-factors"), StringComparison.Ordinal);
        Assert.Contains("No load test report", TextOf(document, "gates"), StringComparison.Ordinal);
        Assert.Contains("Looks fine to me", TextOf(document, "approvals-so-far"), StringComparison.Ordinal);
    }

    [Fact]
    public void RenderForm_HostileValues_StayTextAndAttributesStayClosed()
    {
        var html = ApproverPageRenderer.RenderForm(Full(Hostile), "/api/approvals/x\"><script>alert(1)</script>", "<b>Mallory</b>");
        var document = Parse(html);

        Assert.Empty(document.QuerySelectorAll("script, b"));
        Assert.Contains(Hostile, TextOf(document, "summary"), StringComparison.Ordinal);
        Assert.Contains("<b>Mallory</b>", TextOf(document, "answering-as"), StringComparison.Ordinal);
        Assert.Equal("/api/approvals/x\"><script>alert(1)</script>", Assert.Single(document.Forms).GetAttribute("action"));
    }

    [Fact]
    public void Pages_Always_LoadNothingAndRunNoScript()
    {
        var pages = new[]
        {
            ApproverPageRenderer.RenderForm(Full(), FormPath, "Grace Hopper"),
            ApproverPageRenderer.RenderOutcome("Approved", "Recorded.", Full()),
            ApproverPageRenderer.RenderRefusal(410, "Link expired", "It expired."),
        };

        foreach (var html in pages)
        {
            var document = Parse(html);
            Assert.Empty(document.QuerySelectorAll("script, link, img, iframe, object, embed, style"));
            Assert.DoesNotContain(document.All, e => e.HasAttribute("src") || e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.Ordinal)));
            Assert.Equal("no-referrer", document.QuerySelector("meta[name=referrer]")?.GetAttribute("content"));
        }
    }

    [Fact]
    public void ContentSecurityPolicy_AllowsInlineStylesAndSelfPostsOnly()
    {
        Assert.Equal("default-src 'none'; style-src 'unsafe-inline'; form-action 'self'", ApproverPageRenderer.ContentSecurityPolicy);
    }

    [Fact]
    public void RenderOutcome_WithSummary_ShowsTitleMessageAndSummary()
    {
        var document = Parse(ApproverPageRenderer.RenderOutcome("Approved", "Your approval of <rel-4f2a> is recorded.", Full()));

        var outcome = TextOf(document, "outcome");
        Assert.Contains("Approved", outcome, StringComparison.Ordinal);
        Assert.Contains("Your approval of <rel-4f2a> is recorded.", outcome, StringComparison.Ordinal);
        Assert.NotNull(document.GetElementById("summary"));
        Assert.Empty(document.Forms);
    }

    [Fact]
    public void RenderOutcome_WithoutSummary_ShowsOnlyTheOutcome()
    {
        var document = Parse(ApproverPageRenderer.RenderOutcome("Rejected", "Recorded."));

        Assert.Contains("Rejected", TextOf(document, "outcome"), StringComparison.Ordinal);
        Assert.Null(document.GetElementById("summary"));
    }

    [Theory]
    [InlineData(410, "This link has expired", "It expired at 2026-12-01 17:30 UTC.")]
    [InlineData(409, "This link was already used", "A decision was already recorded with it.")]
    [InlineData(403, "You are not this link's approver", "The link was sent to <grace>, you are signed in as heidi.")]
    public void RenderRefusal_Always_ShowsStatusTitleAndReasonWithoutAForm(int status, string title, string reason)
    {
        var document = Parse(ApproverPageRenderer.RenderRefusal(status, title, reason));

        var refusal = document.GetElementById("refusal");
        Assert.Equal(status.ToString(System.Globalization.CultureInfo.InvariantCulture), refusal?.GetAttribute("data-status"));
        Assert.Contains(title, refusal?.TextContent, StringComparison.Ordinal);
        Assert.Equal(reason, TextOf(document, "refusal-reason"));
        Assert.Contains(title, document.Title, StringComparison.Ordinal);
        Assert.Empty(document.Forms);
    }

    [Fact]
    public void RenderForm_PolicyChange_ShowsDiffLinesWithMarkersAndLeavesOutReleaseRows()
    {
        var diff = DiffLine.ParseUnified("--- active\n+++ proposed\n@@ -1,2 +1,2 @@\n version: 1\n-quorum: 2\n+quorum: <3>\n");
        var summary = Full() with { Environment = null, ReleaseType = null, Risk = null, Gates = [], PolicyDiff = diff };

        var document = Parse(ApproverPageRenderer.RenderForm(summary, FormPath, "Grace Hopper"));

        var lines = document.QuerySelectorAll("#policy-diff span").Select(s => (s.ClassName, s.TextContent)).ToList();
        Assert.Equal(
            [("diff-header", "--- active"), ("diff-header", "+++ proposed"), ("diff-header", "@@ -1,2 +1,2 @@"),
             ("diff-context", " version: 1"), ("diff-removed", "-quorum: 2"), ("diff-added", "+quorum: <3>")],
            lines);
        var rows = document.QuerySelectorAll("#summary th").Select(th => th.TextContent).ToList();
        Assert.DoesNotContain("Environment", rows);
        Assert.DoesNotContain("Risk", rows);
        Assert.Null(document.GetElementById("risk-factors"));
        Assert.Null(document.GetElementById("gates"));
    }
}
