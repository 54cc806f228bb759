namespace ReleasePolicy.Approvals.Tokens;

/// <summary>Section <c>ReleasePolicy:Approvals</c>: where approval links point and where their single use is recorded.</summary>
public sealed partial class ApprovalTokenOptions
{
    public const string SectionName = "Approvals";

    /// <summary>The table recording each link token's one use (one row per token nonce).</summary>
    public string TokenTable { get; set; } = "approvaltokens";

    /// <summary>
    /// The app's public base URL (scheme and host, no path), e.g. <c>https://releasepolicy.example.com</c>. Links in
    /// mails start with it, and it is the audience Outlook puts in Actionable Message tokens.
    /// </summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>Why these options cannot serve approval links (one problem a line), or null.</summary>
    public static string? Problems(ApprovalTokenOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Section = "ReleasePolicy:Approvals";
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.TokenTable) || !TableName().IsMatch(options.TokenTable))
        {
            problems.Add($"{Section}:TokenTable must be a table name: 3 to 63 letters and digits, starting with a letter.");
        }

        if (options.PublicBaseUrl is null)
        {
            problems.Add($"{Section}:PublicBaseUrl is not set: approval links and Actionable Message tokens need the app's public address.");
        }
        else if (!options.PublicBaseUrl.IsAbsoluteUri
            || (options.PublicBaseUrl.Scheme != Uri.UriSchemeHttps && options.PublicBaseUrl.Scheme != Uri.UriSchemeHttp)
            || options.PublicBaseUrl.AbsolutePath != "/"
            || !string.IsNullOrEmpty(options.PublicBaseUrl.Query)
            || !string.IsNullOrEmpty(options.PublicBaseUrl.Fragment)
            || !string.IsNullOrEmpty(options.PublicBaseUrl.UserInfo))
        {
            problems.Add($"{Section}:PublicBaseUrl must be an http(s) scheme and host only, e.g. https://releasepolicy.example.com.");
        }
        else if (options.PublicBaseUrl.Scheme == Uri.UriSchemeHttp && !options.PublicBaseUrl.IsLoopback)
        {
            problems.Add($"{Section}:PublicBaseUrl must use HTTPS (plain HTTP only on a loopback host): links carry approval tokens.");
        }

        return problems.Count == 0 ? null : string.Join(Environment.NewLine, problems);
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}\\z", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex TableName();
}
