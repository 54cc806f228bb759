using System.Globalization;
using System.Text;

namespace ReleasePolicy.Approvals.Tokens;

/// <summary>
/// Table keys from identifiers. Azure Tables forbid '/', '\', '#', '?' and control characters (U+0000–U+001F,
/// U+007F–U+009F) in PartitionKey and RowKey; each becomes <c>%XX</c>/<c>%uXXXX</c>, and '%' itself is escaped, so
/// two different identifiers never share a key. Identifiers are validated before they get here; this is the last guard.
/// </summary>
internal static class TableKeyText
{
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.AsSpan().IndexOfAny("/\\#?%") < 0 && !text.Any(IsControl))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (char c in text)
        {
            if (c is '/' or '\\' or '#' or '?' or '%' || IsControl(c))
            {
                builder.Append(c <= 0xFF
                    ? string.Create(CultureInfo.InvariantCulture, $"%{(int)c:X2}")
                    : string.Create(CultureInfo.InvariantCulture, $"%u{(int)c:X4}"));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static bool IsControl(char c) => c <= '\u001F' || c is >= '\u007F' and <= '\u009F';
}
