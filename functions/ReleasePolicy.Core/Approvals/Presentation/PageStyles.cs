namespace ReleasePolicy.Approvals.Presentation;

/// <summary>
/// Inline style attributes, not a style sheet: mail clients drop <c>&lt;style&gt;</c> blocks unpredictably, and the
/// approver page's CSP allows inline styles only. One palette for mail and page, so they look like one product.
/// </summary>
internal static class PageStyles
{
    public const string Body = "margin:0;padding:24px;background:#f4f5f7;font-family:Segoe UI,Helvetica,Arial,sans-serif;font-size:14px;color:#1f2328;";
    public const string Card = "max-width:760px;margin:0 auto;background:#ffffff;border:1px solid #d0d7de;border-radius:6px;padding:24px;";
    public const string Title = "margin:0 0 8px 0;font-size:20px;";
    public const string Section = "margin:20px 0 8px 0;font-size:15px;";
    public const string Paragraph = "margin:0 0 12px 0;";
    public const string Table = "border-collapse:collapse;width:100%;margin:0 0 8px 0;";
    public const string HeaderCell = "text-align:left;vertical-align:top;padding:4px 8px;border-bottom:1px solid #d0d7de;background:#f6f8fa;white-space:nowrap;";
    public const string Cell = "text-align:left;vertical-align:top;padding:4px 8px;border-bottom:1px solid #eaeef2;";
    public const string MultiLineCell = Cell + "white-space:pre-wrap;";
    public const string Pass = "color:#1a7f37;font-weight:600;";
    public const string Fail = "color:#cf222e;font-weight:600;";
    public const string Waived = "color:#6e7781;font-weight:600;";
    public const string Link = "color:#0969da;";
    public const string ApproveButton = "display:inline-block;padding:10px 20px;margin:0 8px 0 0;border-radius:6px;border:0;background:#1a7f37;color:#ffffff;font-size:15px;font-weight:600;text-decoration:none;cursor:pointer;";
    public const string RejectButton = "display:inline-block;padding:10px 20px;margin:0 8px 0 0;border-radius:6px;border:0;background:#cf222e;color:#ffffff;font-size:15px;font-weight:600;text-decoration:none;cursor:pointer;";
    public const string TextArea = "box-sizing:border-box;width:100%;min-height:80px;padding:8px;border:1px solid #d0d7de;border-radius:6px;font:inherit;";
    public const string Diff = "margin:0;padding:8px;border:1px solid #d0d7de;border-radius:6px;background:#f6f8fa;font-family:Consolas,Menlo,monospace;font-size:12px;white-space:pre-wrap;overflow-x:auto;";
    public const string DiffAdded = "display:block;background:#dafbe1;";
    public const string DiffRemoved = "display:block;background:#ffebe9;";
    public const string DiffHeader = "display:block;color:#6e7781;";
    public const string DiffContext = "display:block;";
    public const string Muted = "color:#6e7781;font-size:12px;";
}
