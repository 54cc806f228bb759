using System.Text;

namespace ReleasePolicy.Approvals.AccessReview;

/// <summary>
/// The review as RFC 4180 CSV (CRLF, every field quoted, quotes doubled) for a spreadsheet. A cell that starts with
/// <c>= + - @</c> (or a tab or CR) is prefixed with <c>'</c>, so a crafted display name cannot run as a formula.
/// </summary>
public static class AccessReviewCsv
{
    public static readonly string[] Header = ["person", "displayName", "mail", "chain", "tier", "via", "clause", "policyVersion"];

    public static string Write(IEnumerable<AccessReviewRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var csv = new StringBuilder();
        AppendLine(csv, Header);
        foreach (AccessReviewRow row in rows)
        {
            AppendLine(csv, [row.Person, row.DisplayName, row.Mail, row.Chain, row.Tier, row.Via, row.Clause, row.PolicyVersion]);
        }

        return csv.ToString();
    }

    public static string Cell(string? value)
    {
        string text = value ?? string.Empty;
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            text = "'" + text;
        }

        return "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private static void AppendLine(StringBuilder csv, IEnumerable<string?> cells) =>
        csv.Append(string.Join(',', cells.Select(Cell))).Append("\r\n");
}
