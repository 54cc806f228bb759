namespace ReleasePolicy.Approvals.Tokens;

/// <summary>Section <c>ReleasePolicy:Approvals</c>: where approval links point and where their single use is recorded.</summary>
public sealed class ApprovalTokenOptions
{
    public const string SectionName = "Approvals";

    /// <summary>The table recording each link token's one use (one row per token nonce).</summary>
    public string TokenTable { get; set; } = "approvaltokens";

    /// <summary>
    /// The app's public base URL (scheme and host, no path), e.g. <c>https://releasepolicy.example.com</c>. Links in
    /// mails start with it, and it is the audience Outlook puts in Actionable Message tokens.
    /// </summary>
    public Uri? PublicBaseUrl { get; set; }
}
