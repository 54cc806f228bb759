using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace ReleasePolicy.Approvals.Presentation;

/// <summary>Encoding and formatting shared by every view: every piece of data goes through here before it is written.</summary>
internal static class HtmlText
{
    public static string Encode(string? text) => HtmlEncoder.Default.Encode(text ?? string.Empty);

    /// <summary>Only web links become <c>href</c>s: a <c>javascript:</c> or <c>data:</c> URL from evidence must never be clickable.</summary>
    public static bool IsWebLink(Uri uri) =>
        uri.IsAbsoluteUri && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    /// <summary>One time format for every view: UTC, to the minute, unambiguous across approvers' time zones.</summary>
    public static string Time(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Points(double points) => points.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>A subject line is a header: no line breaks or other control characters, whatever the data holds.</summary>
    public static string SingleLine(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        return builder.ToString();
    }

    /// <summary>An anchor that opens outside the page and tells the target nothing about where it came from (the URL holds a token).</summary>
    public static void Link(StringBuilder html, Uri url, string label, string style)
    {
        html.Append("<a href=\"").Append(Encode(url.AbsoluteUri)).Append("\" rel=\"noopener noreferrer\" style=\"")
            .Append(style).Append("\">").Append(Encode(label)).Append("</a>");
    }
}
