using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using ReleasePolicy.Approvals;
using ReleasePolicy.Approvals.Presentation;
using ReleasePolicy.Functions.Http;

namespace ReleasePolicy.Functions.Triggers.Approvals;

/// <summary>
/// Answers in the caller's language: HTML pages for a person's browser (the approver page and its form posts),
/// JSON and problem+json for clients, and for Outlook's card the <c>CARD-ACTION-STATUS</c> header it shows the person.
/// </summary>
internal sealed class ApprovalReply(HttpRequest request, bool card = false)
{
    private const string CardStatusHeader = "CARD-ACTION-STATUS";
    private const string ActionableTokenPrefix = "actionable-token-";

    /// <summary>A browser (it asks for HTML, or posts the page's form without asking for JSON), not a client.</summary>
    private bool Html => !card && (Accepts("text/html") || (ApprovalAnswerBody.IsForm(request) && !Accepts("application/json")));

    public IActionResult Refuse(int status, string title, string reason, string? code = null)
    {
        if (card)
        {
            request.HttpContext.Response.Headers[CardStatusHeader] = reason;
        }

        return this.Html
            ? this.Page(status, ApproverPageRenderer.RenderRefusal(status, title, reason))
            : ApiResults.Problem(status, title, reason, code is null ? null : [new ProblemError(FieldOf(code), code)]);
    }

    public IActionResult Settled(string title, string message, ApprovalSummary summary, ApprovalTierState tier) => this.Html
        ? this.Page(StatusCodes.Status200OK, ApproverPageRenderer.RenderOutcome(title, message, summary))
        : ApiResults.Json(new { state = "settled", message, tier = View(tier), summary });

    public IActionResult Form(ApprovalSummary summary, string action, string approverName, ApprovalTierState tier) => this.Html
        ? this.Page(StatusCodes.Status200OK, ApproverPageRenderer.RenderForm(summary, action, approverName))
        : ApiResults.Json(new { state = "open", approver = approverName, tier = View(tier), summary });

    public IActionResult Counted(ApprovalVerdict verdict, AnswerOutcome outcome, ApprovalSummary? summary)
    {
        if (card)
        {
            request.HttpContext.Response.Headers[CardStatusHeader] = outcome.Message;
        }

        string title = verdict == ApprovalVerdict.Approve ? "Approval recorded" : "Rejection recorded";
        return this.Html
            ? this.Page(StatusCodes.Status200OK, ApproverPageRenderer.RenderOutcome(title, outcome.Message, summary))
            : ApiResults.Json(new { result = outcome.Result == AnswerResult.Decided ? "decided" : "counted", message = outcome.Message, tier = outcome.Tier is { } t ? View(t) : null });
    }

    private bool Accepts(string mediaType) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase));

    private static object View(ApprovalTierState tier) => new
    {
        tier.ApprovalId,
        tier.Tier,
        tier.TierName,
        tier.ChainName,
        tier.Status,
        tier.Quorum,
        tier.Approvals,
        tier.Deadline,
        tier.Outcome,
    };

    /// <summary>The reason code of a refused Outlook bearer token, e.g. <c>actionable-token-wrongaudience</c>.</summary>
    public static string ActionableTokenCode(ReleasePolicy.Approvals.Tokens.ActionableMessageFailure? failure) =>
        ActionableTokenPrefix + (failure?.ToString().ToLowerInvariant() ?? "invalid");

    /// <summary>The request part a refusal is about: the link token, Outlook's bearer token, or the person.</summary>
    private static string FieldOf(string code) =>
        code.StartsWith("link-", StringComparison.Ordinal) || code is RefusalCodes.TokenUsed or RefusalCodes.UnknownApproval ? "token"
        : code.StartsWith(ActionableTokenPrefix, StringComparison.Ordinal) ? "Action-Authorization"
        : "approver";

    private ContentResult Page(int status, string html)
    {
        IHeaderDictionary headers = request.HttpContext.Response.Headers;
        headers[HeaderNames.ContentSecurityPolicy] = ApproverPageRenderer.ContentSecurityPolicy;
        headers["Referrer-Policy"] = ApproverPageRenderer.ReferrerPolicy;
        headers[HeaderNames.CacheControl] = "no-store";
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
        headers[HeaderNames.XFrameOptions] = "DENY";
        return new ContentResult { StatusCode = status, Content = html, ContentType = "text/html; charset=utf-8" };
    }
}
