using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ReleasePolicy.Approvals.Presentation;

/// <summary>
/// The Outlook Actionable Message: an Adaptive Card 1.0 (the version Outlook renders) with the summary, a comment box
/// and two <c>Action.Http</c> POSTs carrying the link token. Outlook substitutes <c>{{comment.value}}</c> with the
/// text typed into the <c>Input.Text</c> whose id is <c>comment</c>.
/// </summary>
internal static class AdaptiveCardJson
{
    public const string CommentInputId = "comment";

    /// <summary>
    /// The default encoder writes <c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c> and quotes as <c>\uXXXX</c>, so no data can close the
    /// surrounding <c>&lt;script&gt;</c> element or start an HTML comment inside it.
    /// </summary>
    private static readonly JsonSerializerOptions ScriptSafe = new() { Encoder = JavaScriptEncoder.Default };

    public static string Create(ApprovalSummary summary, string intro, ApprovalMailLinks links, ActionableMessageLink actionable)
    {
        var body = new JsonArray
        {
            TextBlock(summary.Headline, "large", bold: true),
            TextBlock(intro),
            new JsonObject { ["type"] = "FactSet", ["facts"] = Facts(summary) },
            TextBlock("Change summary", bold: true),
            TextBlock(summary.ChangeSummary),
        };
        if (summary.Risk is { Factors.Count: > 0 } risk)
        {
            body.Add(TextBlock("Risk factors", bold: true));
            body.Add(new JsonObject
            {
                ["type"] = "FactSet",
                ["facts"] = new JsonArray([.. risk.Factors.Select(f => Fact(f.Name, $"{HtmlText.Points(f.Points)} points ({f.Category}): {f.Reason}"))]),
            });
        }

        if (summary.Gates.Count > 0)
        {
            body.Add(TextBlock("Readiness gates", bold: true));
            body.Add(new JsonObject
            {
                ["type"] = "FactSet",
                ["facts"] = new JsonArray([.. summary.Gates.Select(g => Fact(g.Name, $"{g.Outcome}: {g.Reason}"))]),
            });
        }

        if (summary.PolicyDiff is not null)
        {
            body.Add(TextBlock("The policy change's diff is on the approval page.", bold: true));
        }

        body.Add(new JsonObject
        {
            ["type"] = "Input.Text",
            ["id"] = CommentInputId,
            ["isMultiline"] = true,
            ["placeholder"] = "Comment (optional)",
        });

        var card = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["version"] = "1.0",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["originator"] = actionable.Originator,

            // The card repeats the whole summary and links to the page, so Outlook need not show the HTML copy below it.
            ["hideOriginalBody"] = true,
            ["body"] = body,
            ["actions"] = new JsonArray
            {
                HttpAction("Approve", "approve", actionable),
                HttpAction("Reject", "reject", actionable),
                new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "Open the approval page", ["url"] = links.ApproverPage.AbsoluteUri },
            },
        };
        return card.ToJsonString(ScriptSafe);
    }

    /// <summary>The POST body Outlook sends: our own JSON, as a string property of the action (the card format's rule).</summary>
    public static string ActionBody(string token, string decision) => new JsonObject
    {
        ["token"] = token,
        ["decision"] = decision,
        ["comment"] = "{{" + CommentInputId + ".value}}",
    }.ToJsonString();

    private static JsonObject HttpAction(string title, string decision, ActionableMessageLink actionable) => new()
    {
        ["type"] = "Action.Http",
        ["title"] = title,
        ["method"] = "POST",
        ["url"] = actionable.ActionUrl.AbsoluteUri,
        ["body"] = ActionBody(actionable.Token, decision),
        // An empty Authorization header makes Outlook send its token in Action-Authorization instead, where App Service
        // authentication does not look (it would refuse a bearer token issued for another audience).
        ["headers"] = new JsonArray
        {
            new JsonObject { ["name"] = "Content-Type", ["value"] = "application/json" },
            new JsonObject { ["name"] = "Authorization", ["value"] = string.Empty },
        },
    };

    private static JsonArray Facts(ApprovalSummary s)
    {
        var facts = new JsonArray { Fact("Release", s.ReleaseId), Fact("Service", s.Service), Fact("Version", s.Version) };
        if (s.Environment is not null)
        {
            facts.Add(Fact("Environment", s.Environment));
        }

        if (s.ReleaseType is not null)
        {
            facts.Add(Fact("Release type", s.ReleaseType));
        }

        facts.Add(Fact("Requested by", s.RequestedBy));
        if (s.Risk is not null)
        {
            facts.Add(Fact("Risk", SummaryHtml.RiskText(s.Risk)));
        }

        facts.Add(Fact("Approval", SummaryHtml.TierText(s.Tier)));
        facts.Add(Fact("Approvals so far", string.Create(
            CultureInfo.InvariantCulture,
            $"{s.Approvals.Count} of {s.Tier.Quorum}{(s.Approvals.Count == 0 ? string.Empty : ": " + string.Join(", ", s.Approvals.Select(a => a.Who)))}")));
        facts.Add(Fact("Deadline", s.Deadline is { } deadline ? HtmlText.Time(deadline) : "none"));
        facts.Add(Fact("Rollback plan", s.Rollback is null ? "none given" : s.Rollback.Text + (s.Rollback.Link is null ? string.Empty : " (" + s.Rollback.Link.OriginalString + ")")));
        return facts;
    }

    private static JsonObject Fact(string title, string value) => new() { ["title"] = Defang(title), ["value"] = Defang(value) };

    /// <summary>
    /// Card text is Markdown, and its renderers disagree on backslash escapes; a zero-width space between <c>]</c> and
    /// <c>(</c> is invisible and stops a change summary from posing a disguised link <c>[text](url)</c> to approvers.
    /// </summary>
    internal static string Defang(string text) => text.Replace("](", "]\u200B(", StringComparison.Ordinal);

    private static JsonObject TextBlock(string text, string? size = null, bool bold = false)
    {
        var block = new JsonObject { ["type"] = "TextBlock", ["text"] = Defang(text), ["wrap"] = true };
        if (size is not null)
        {
            block["size"] = size;
        }

        if (bold)
        {
            block["weight"] = "bolder";
        }

        return block;
    }
}
