using System.Globalization;
using System.Text;

namespace ReleasePolicy.Approvals.Presentation;

/// <summary>
/// Writes an <see cref="ApprovalSummary"/> as HTML tables, identically in the mail and on the approver page. Element
/// ids (<c>summary</c>, <c>risk-factors</c>, <c>gates</c>, <c>approvals-so-far</c>, <c>policy-diff</c>) let tests
/// and people find each part.
/// </summary>
internal static class SummaryHtml
{
    public static void Write(StringBuilder html, ApprovalSummary summary)
    {
        WriteFacts(html, summary);
        WriteRiskFactors(html, summary.Risk);
        WriteGates(html, summary.Gates);
        WriteApprovals(html, summary);
        WriteDiff(html, summary.PolicyDiff);
    }

    public static string TierText(SummaryTier tier) => string.Create(
        CultureInfo.InvariantCulture,
        $"Tier {tier.Index + 1} of {tier.TierCount}: {tier.TierName} ({tier.ChainName}); needs {tier.Quorum} distinct approver{(tier.Quorum == 1 ? string.Empty : "s")}");

    public static string RiskText(SummaryRisk risk) =>
        string.Create(CultureInfo.InvariantCulture, $"{risk.Score}/100 ({risk.Level})");

    private static void WriteFacts(StringBuilder html, ApprovalSummary s)
    {
        html.Append("<table id=\"summary\" style=\"").Append(PageStyles.Table).Append("\">");
        Row(html, "Release", s.ReleaseId);
        Row(html, "Service", s.Service);
        Row(html, "Version", s.Version);
        if (s.Environment is not null)
        {
            Row(html, "Environment", s.Environment);
        }

        if (s.ReleaseType is not null)
        {
            Row(html, "Release type", s.ReleaseType);
        }

        Row(html, "Requested by", s.RequestedBy);
        Row(html, "Change summary", s.ChangeSummary, PageStyles.MultiLineCell);
        if (s.Risk is not null)
        {
            Row(html, "Risk", RiskText(s.Risk));
        }

        Row(html, "Approval", TierText(s.Tier));
        Row(html, "Approvals so far", string.Create(CultureInfo.InvariantCulture, $"{s.Approvals.Count} of {s.Tier.Quorum}"));
        Row(html, "Deadline", s.Deadline is { } deadline ? HtmlText.Time(deadline) : "none");
        WriteRollbackRow(html, s.Rollback);
        html.Append("</table>");
    }

    private static void WriteRollbackRow(StringBuilder html, RollbackPlan? plan)
    {
        html.Append("<tr><th scope=\"row\" style=\"").Append(PageStyles.HeaderCell).Append("\">Rollback plan</th>")
            .Append("<td id=\"rollback\" style=\"").Append(PageStyles.MultiLineCell).Append("\">");
        if (plan is null)
        {
            html.Append("none given");
        }
        else
        {
            html.Append(HtmlText.Encode(plan.Text));
            if (plan.Link is not null && HtmlText.IsWebLink(plan.Link))
            {
                html.Append(" (");
                HtmlText.Link(html, plan.Link, plan.Link.AbsoluteUri, PageStyles.Link);
                html.Append(')');
            }
            else if (plan.Link is not null)
            {
                html.Append(" (").Append(HtmlText.Encode(plan.Link.OriginalString)).Append(')');
            }
        }

        html.Append("</td></tr>");
    }

    private static void WriteRiskFactors(StringBuilder html, SummaryRisk? risk)
    {
        if (risk is null)
        {
            return;
        }

        Heading(html, "Risk factors");
        html.Append("<table id=\"risk-factors\" style=\"").Append(PageStyles.Table).Append("\">");
        HeaderRow(html, "Factor", "Category", "Points", "Observed");
        foreach (var factor in risk.Factors)
        {
            html.Append("<tr>");
            Cell(html, factor.Name);
            Cell(html, factor.Category);
            Cell(html, HtmlText.Points(factor.Points));
            Cell(html, factor.Reason);
            html.Append("</tr>");
        }

        html.Append("</table>");
    }

    private static void WriteGates(StringBuilder html, IReadOnlyList<SummaryGate> gates)
    {
        if (gates.Count == 0)
        {
            return;
        }

        Heading(html, "Readiness gates");
        html.Append("<table id=\"gates\" style=\"").Append(PageStyles.Table).Append("\">");
        HeaderRow(html, "Gate", "Result", "Measured", "Threshold", "Reason");
        foreach (var gate in gates)
        {
            html.Append("<tr>");
            Cell(html, gate.Name);
            Cell(html, gate.Outcome, PageStyles.Cell + OutcomeStyle(gate.Outcome));
            Cell(html, gate.Measured ?? "—");
            Cell(html, gate.Threshold ?? "—");
            Cell(html, gate.Reason);
            html.Append("</tr>");
        }

        html.Append("</table>");
    }

    private static void WriteApprovals(StringBuilder html, ApprovalSummary summary)
    {
        Heading(html, "Approvals so far");
        if (summary.Approvals.Count == 0)
        {
            html.Append("<p id=\"approvals-so-far\" style=\"").Append(PageStyles.Paragraph).Append("\">None yet.</p>");
            return;
        }

        html.Append("<table id=\"approvals-so-far\" style=\"").Append(PageStyles.Table).Append("\">");
        HeaderRow(html, "Who", "When", "Comment");
        foreach (var approval in summary.Approvals)
        {
            html.Append("<tr>");
            Cell(html, approval.Who);
            Cell(html, HtmlText.Time(approval.At));
            Cell(html, approval.Comment ?? string.Empty, PageStyles.MultiLineCell);
            html.Append("</tr>");
        }

        html.Append("</table>");
    }

    private static void WriteDiff(StringBuilder html, IReadOnlyList<DiffLine>? diff)
    {
        if (diff is null)
        {
            return;
        }

        Heading(html, "Policy change (against the active version)");
        html.Append("<pre id=\"policy-diff\" style=\"").Append(PageStyles.Diff).Append("\">");
        foreach (var line in diff)
        {
            var (marker, style, css) = line.Kind switch
            {
                DiffLineKind.Added => ("+", PageStyles.DiffAdded, "added"),
                DiffLineKind.Removed => ("-", PageStyles.DiffRemoved, "removed"),
                DiffLineKind.Header => (string.Empty, PageStyles.DiffHeader, "header"),
                _ => (" ", PageStyles.DiffContext, "context"),
            };
            html.Append("<span class=\"diff-").Append(css).Append("\" style=\"").Append(style).Append("\">")
                .Append(marker).Append(HtmlText.Encode(line.Text)).Append("</span>");
        }

        html.Append("</pre>");
    }

    private static string OutcomeStyle(string outcome) => outcome switch
    {
        "pass" => PageStyles.Pass,
        "fail" => PageStyles.Fail,
        _ => PageStyles.Waived,
    };

    private static void Heading(StringBuilder html, string text) =>
        html.Append("<h3 style=\"").Append(PageStyles.Section).Append("\">").Append(HtmlText.Encode(text)).Append("</h3>");

    private static void Row(StringBuilder html, string label, string value, string style = PageStyles.Cell) =>
        html.Append("<tr><th scope=\"row\" style=\"").Append(PageStyles.HeaderCell).Append("\">").Append(HtmlText.Encode(label))
            .Append("</th><td style=\"").Append(style).Append("\">").Append(HtmlText.Encode(value)).Append("</td></tr>");

    private static void HeaderRow(StringBuilder html, params string[] labels)
    {
        html.Append("<tr>");
        foreach (var label in labels)
        {
            html.Append("<th scope=\"col\" style=\"").Append(PageStyles.HeaderCell).Append("\">").Append(HtmlText.Encode(label)).Append("</th>");
        }

        html.Append("</tr>");
    }

    private static void Cell(StringBuilder html, string value, string style = PageStyles.Cell) =>
        html.Append("<td style=\"").Append(style).Append("\">").Append(HtmlText.Encode(value)).Append("</td>");
}
