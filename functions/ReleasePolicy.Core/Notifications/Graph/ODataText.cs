using System.Text.RegularExpressions;

namespace ReleasePolicy.Notifications.Graph;

/// <summary>
/// Text that goes into a Graph request: checked against what Entra allows first (anything else is "not found",
/// never sent), then quoted as an OData string literal (a single quote is doubled).
/// </summary>
public static partial class ODataText
{
    /// <summary>An OData string literal: <c>o'brien</c> → <c>'o''brien'</c>.</summary>
    public static string Literal(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    /// <summary>A user principal name or mail address with the characters Entra allows in a UPN (the apostrophe included).</summary>
    public static bool IsUserName(string? value) => value is { Length: > 0 and <= 256 } && UserName().IsMatch(value);

    /// <summary>A group's mail nickname as Entra allows it (ASCII, no spaces, no <c>@ ( ) \ [ ] " ; : &lt; &gt; ,</c>).</summary>
    public static bool IsMailNickname(string? value) => value is { Length: > 0 and <= 64 } && MailNickname().IsMatch(value);

    [GeneratedRegex(@"^[A-Za-z0-9._'!#^~+-]+(@[A-Za-z0-9.-]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex UserName();

    [GeneratedRegex(@"^[A-Za-z0-9._'!#$%&*+=^`{|}~-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex MailNickname();
}
