using System.Text.Json;
using AngleSharp.Dom;
using ReleasePolicy.Approvals.Presentation;
using static ReleasePolicy.Core.Tests.Approvals.Presentation.PresentationSamples;

namespace ReleasePolicy.Core.Tests.Approvals.Presentation;

public class ApprovalMailRendererTests
{
    private static readonly ActionableMessageLink Actionable =
        new(new Uri("https://releases.example.com/api/approvals/actionable"), "6f1c2e0a-0000-4000-8000-000000000001", "tok.en-123");

    [Fact]
    public void Render_FullSummary_ShowsEveryField()
    {
        var mail = ApprovalMailRenderer.Render(Full(), new ApprovalMailLinks(ApproverPage), MailPurpose.Request);
        var document = Parse(mail.Html);

        var facts = TextOf(document, "summary");
        foreach (var expected in new[]
        {
            "rel-4f2a", "payments-api", "2.4.1", "production", "patch", "Alice Example", "Fix rounding of refunds",
            "53/100 (high)", "Tier 1 of 2: cab (oversight.cab); needs 2 distinct approvers", "1 of 2", "2026-12-01 17:30 UTC",
            "Procedure RB-42; rehearsed in staging on 2026-11-20 10:00 UTC",
        })
        {
            Assert.Contains(expected, facts, StringComparison.Ordinal);
        }

        Assert.Equal("https://runbooks.example.com/payments", document.QuerySelector("#rollback a")?.GetAttribute("href"));
        var factors = RowsOf(document, "risk-factors");
        Assert.Equal(["criticality", "impact", "20", "tier1"], factors[0]);
        Assert.Equal(["linesChanged", "complexity", "7.5", "340 lines"], factors[1]);
        var gates = RowsOf(document, "gates");
        Assert.Equal(["testCoverage", "pass", "0.86", ">= 0.80", "Coverage 86% meets 80%"], gates[0]);
        Assert.Equal(["loadTest", "fail", "—", "—", "No load test report"], gates[1]);
        Assert.Equal(["Grace Hopper", "2026-11-28 09:15 UTC", "Looks fine to me"], RowsOf(document, "approvals-so-far")[0]);
    }

    [Fact]
    public void Render_ChangeSummaryWithMarkup_StaysText()
    {
        var mail = ApprovalMailRenderer.Render(Full(Hostile), new ApprovalMailLinks(ApproverPage), MailPurpose.Request);
        var document = Parse(mail.Html);

        Assert.Empty(document.QuerySelectorAll("script"));
        Assert.Contains(Hostile, TextOf(document, "summary"), StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", mail.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MailPurpose.Request, "Approval needed for payments-api 2.4.1 to production (cab)", "Your decision is requested")]
    [InlineData(MailPurpose.Reminder, "Reminder: approval needed for payments-api 2.4.1 to production (cab)", "Reminder:")]
    [InlineData(MailPurpose.Escalation, "Escalated to you: approval needed for payments-api 2.4.1 to production (cab)", "Escalated to you:")]
    public void Render_Purpose_ChangesSubjectAndIntro(MailPurpose purpose, string subject, string introStart)
    {
        var mail = ApprovalMailRenderer.Render(Full(), new ApprovalMailLinks(ApproverPage), purpose);

        Assert.Equal(subject, mail.Subject);
        Assert.StartsWith(introStart, TextOf(Parse(mail.Html), "purpose"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MailPurpose.Request, "approval-request")]
    [InlineData(MailPurpose.Reminder, "approval-reminder")]
    [InlineData(MailPurpose.Escalation, "approval-escalation")]
    public void ToMailKind_EachPurpose_IsTheOutgoingMailKind(MailPurpose purpose, string kind)
    {
        Assert.Equal(kind, purpose.ToMailKind());
    }

    [Fact]
    public void Render_ServiceWithLineBreak_SubjectStaysOneLine()
    {
        var mail = ApprovalMailRenderer.Render(Full() with { Service = "pay\r\nBcc: evil@example.com" }, new ApprovalMailLinks(ApproverPage), MailPurpose.Request);

        Assert.DoesNotContain('\n', mail.Subject);
        Assert.DoesNotContain('\r', mail.Subject);
    }

    [Fact]
    public void Render_Buttons_ArePlainLinksToTheApproverPage()
    {
        var document = Parse(ApprovalMailRenderer.Render(Full(), new ApprovalMailLinks(ApproverPage), MailPurpose.Request).Html);

        Assert.Equal(ApproverPage.AbsoluteUri, document.GetElementById("approve-link")?.GetAttribute("href"));
        Assert.Equal(ApproverPage.AbsoluteUri, document.GetElementById("reject-link")?.GetAttribute("href"));
        Assert.Empty(document.QuerySelectorAll("form, input, button"));
    }

    [Fact]
    public void Render_ApproverPageNotHttp_Throws()
    {
        var links = new ApprovalMailLinks(new Uri("javascript:alert(1)"));

        Assert.Throws<ArgumentException>(() => ApprovalMailRenderer.Render(Full(), links, MailPurpose.Request));
    }

    [Fact]
    public void Render_RollbackLinkNotHttp_IsShownAsTextNotLink()
    {
        var summary = Full() with { Rollback = new RollbackPlan("Procedure RB-1", new Uri("javascript:alert(1)")) };

        var document = Parse(ApprovalMailRenderer.Render(summary, new ApprovalMailLinks(ApproverPage), MailPurpose.Request).Html);

        Assert.Empty(document.QuerySelectorAll("#rollback a"));
        Assert.Contains("javascript:alert(1)", TextOf(document, "rollback"), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_WithoutActionableMessages_HasNoCard()
    {
        var html = ApprovalMailRenderer.Render(Full(), new ApprovalMailLinks(ApproverPage), MailPurpose.Request).Html;

        Assert.DoesNotContain("adaptivecard", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Render_WithActionableMessages_EmbedsAdaptiveCardInHead()
    {
        var document = Parse(ApprovalMailRenderer.Render(Full(), new ApprovalMailLinks(ApproverPage, Actionable), MailPurpose.Request).Html);

        using var card = CardOf(document);
        var root = card.RootElement;
        Assert.Equal("AdaptiveCard", root.GetProperty("type").GetString());
        Assert.Equal("1.0", root.GetProperty("version").GetString());
        Assert.Equal(Actionable.Originator, root.GetProperty("originator").GetString());
        var comment = root.GetProperty("body").EnumerateArray().Single(e => e.GetProperty("type").GetString() == "Input.Text");
        Assert.Equal("comment", comment.GetProperty("id").GetString());
        Assert.True(comment.GetProperty("isMultiline").GetBoolean());
    }

    [Theory]
    [InlineData("Approve", "approve")]
    [InlineData("Reject", "reject")]
    public void Render_WithActionableMessages_HttpActionPostsTokenAndDecision(string title, string decision)
    {
        var document = Parse(ApprovalMailRenderer.Render(Full(), new ApprovalMailLinks(ApproverPage, Actionable), MailPurpose.Request).Html);

        using var card = CardOf(document);
        var actions = card.RootElement.GetProperty("actions").EnumerateArray().Where(a => a.GetProperty("type").GetString() == "Action.Http").ToList();
        Assert.Equal(2, actions.Count);
        var action = actions.Single(a => a.GetProperty("title").GetString() == title);
        Assert.Equal("POST", action.GetProperty("method").GetString());
        Assert.Equal(Actionable.ActionUrl.AbsoluteUri, action.GetProperty("url").GetString());
        var headers = action.GetProperty("headers").EnumerateArray().ToDictionary(h => h.GetProperty("name").GetString()!, h => h.GetProperty("value").GetString());
        Assert.Equal("application/json", headers["Content-Type"]);

        // Empty, so Outlook moves its token to Action-Authorization, out of App Service authentication's way.
        Assert.Equal(string.Empty, headers["Authorization"]);
        using var body = JsonDocument.Parse(action.GetProperty("body").GetString()!);
        Assert.Equal("tok.en-123", body.RootElement.GetProperty("token").GetString());
        Assert.Equal(decision, body.RootElement.GetProperty("decision").GetString());
        Assert.Equal("{{comment.value}}", body.RootElement.GetProperty("comment").GetString());
    }

    [Fact]
    public void Render_CardWithHostileText_CannotCloseTheScriptAndRoundTrips()
    {
        var mail = ApprovalMailRenderer.Render(Full(Hostile), new ApprovalMailLinks(ApproverPage, Actionable), MailPurpose.Request);
        var document = Parse(mail.Html);

        var script = Assert.Single(document.QuerySelectorAll("script"));
        Assert.DoesNotContain('<', script.TextContent);
        Assert.DoesNotContain('>', script.TextContent);
        Assert.DoesNotContain('&', script.TextContent);
        using var card = CardOf(document);
        var texts = card.RootElement.GetProperty("body").EnumerateArray()
            .Where(e => e.GetProperty("type").GetString() == "TextBlock")
            .Select(e => e.GetProperty("text").GetString());
        Assert.Contains(Hostile, texts);
    }

    [Fact]
    public void Render_CardTextWithMarkdownLink_IsNotALinkInTheCard()
    {
        var summary = Full("Routine fix, see [the review](https://evil.example.com)") with { RequestedBy = "[Alice](https://evil.example.com)" };

        var document = Parse(ApprovalMailRenderer.Render(summary, new ApprovalMailLinks(ApproverPage, Actionable), MailPurpose.Request).Html);

        using var card = CardOf(document);
        var facts = card.RootElement.GetProperty("body").EnumerateArray()
            .Where(e => e.GetProperty("type").GetString() == "FactSet")
            .SelectMany(e => e.GetProperty("facts").EnumerateArray())
            .Select(f => f.GetProperty("value").GetString()!);
        Assert.Contains("[Alice]\u200B(https://evil.example.com)", facts);
        var texts = card.RootElement.GetProperty("body").EnumerateArray()
            .Where(e => e.GetProperty("type").GetString() == "TextBlock")
            .Select(e => e.GetProperty("text").GetString()!)
            .ToList();
        Assert.Contains("Routine fix, see [the review]\u200B(https://evil.example.com)", texts);
    }

    [Fact]
    public void Render_Card_ListsTheSameFactsAsTheHtml()
    {
        var document = Parse(ApprovalMailRenderer.Render(Full(), new ApprovalMailLinks(ApproverPage, Actionable), MailPurpose.Reminder).Html);

        using var card = CardOf(document);
        var facts = card.RootElement.GetProperty("body").EnumerateArray()
            .Where(e => e.GetProperty("type").GetString() == "FactSet")
            .SelectMany(e => e.GetProperty("facts").EnumerateArray())
            .ToDictionary(f => f.GetProperty("title").GetString()!, f => f.GetProperty("value").GetString()!);
        Assert.Equal("rel-4f2a", facts["Release"]);
        Assert.Equal("53/100 (high)", facts["Risk"]);
        Assert.Equal("1 of 2: Grace Hopper", facts["Approvals so far"]);
        Assert.Equal("2026-12-01 17:30 UTC", facts["Deadline"]);
        Assert.StartsWith("fail: No load test report", facts["loadTest"], StringComparison.Ordinal);
        Assert.StartsWith("7.5 points (complexity): 340 lines", facts["linesChanged"], StringComparison.Ordinal);
        var openUrl = card.RootElement.GetProperty("actions").EnumerateArray().Single(a => a.GetProperty("type").GetString() == "Action.OpenUrl");
        Assert.Equal(ApproverPage.AbsoluteUri, openUrl.GetProperty("url").GetString());
    }

    private static JsonDocument CardOf(IDocument document)
    {
        var script = document.Head?.QuerySelector("script[type='application/adaptivecard+json']")
            ?? throw new InvalidOperationException("No Adaptive Card script in the head.");
        return JsonDocument.Parse(script.TextContent);
    }

    private static List<string[]> RowsOf(IDocument document, string tableId) =>
        [.. document.QuerySelectorAll($"#{tableId} tr").Skip(1).Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent).ToArray())];
}
