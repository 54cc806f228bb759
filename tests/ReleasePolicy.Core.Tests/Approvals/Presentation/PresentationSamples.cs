using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using ReleasePolicy.Approvals.Presentation;

namespace ReleasePolicy.Core.Tests.Approvals.Presentation;

/// <summary>A summary with every field set, each value distinctive so a test can find exactly where it went.</summary>
internal static class PresentationSamples
{
    public const string Hostile = "<script>alert('x')</script> & \"quoted\" </script><!--";

    public static readonly DateTimeOffset Deadline = new(2026, 12, 1, 17, 30, 0, TimeSpan.Zero);

    public static readonly Uri ApproverPage = new("https://releases.example.com/api/approvals/tok.en-123");

    public static ApprovalSummary Full(string changeSummary = "Fix rounding of refunds") => new(
        "rel-4f2a",
        "payments-api",
        "2.4.1",
        "production",
        "patch",
        "Alice Example",
        changeSummary,
        new SummaryRisk(53, "high", [
            new SummaryRiskFactor("criticality", "impact", 20, "tier1"),
            new SummaryRiskFactor("linesChanged", "complexity", 7.5, "340 lines"),
        ]),
        [
            new SummaryGate("testCoverage", "pass", "0.86", ">= 0.80", "Coverage 86% meets 80%"),
            new SummaryGate("loadTest", "fail", null, null, "No load test report"),
        ],
        new RollbackPlan("Procedure RB-42; rehearsed in staging on 2026-11-20 10:00 UTC", new Uri("https://runbooks.example.com/payments")),
        new SummaryTier("oversight.cab", "cab", 0, 2, 2),
        [new SummaryApproval("Grace Hopper", new DateTimeOffset(2026, 11, 28, 9, 15, 0, TimeSpan.Zero), "Looks fine to me")],
        Deadline);

    public static IDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    public static string TextOf(IDocument document, string id) =>
        (document.GetElementById(id) ?? throw new InvalidOperationException($"No element with id '{id}'.")).TextContent;
}
