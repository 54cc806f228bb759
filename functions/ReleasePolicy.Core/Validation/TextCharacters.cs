using System.Globalization;
using System.Text;

namespace ReleasePolicy.Validation;

/// <summary>
/// Characters that never belong in an identifier or a log line: C0 and C1 controls, DEL, lone surrogates, and format
/// characters (Unicode category Cf: bidirectional overrides and isolates U+202A–U+202E and U+2066–U+2069, zero-width
/// characters, soft hyphens…), which can make a name display as something else than what is stored.
/// </summary>
public static class TextCharacters
{
    /// <summary>
    /// Why <paramref name="text"/> is refused, naming the first offending character and its index, or null when it is
    /// clean. <paramref name="allowLineBreaks"/> lets \n and \t through (free text such as a change summary); \r never.
    /// </summary>
    public static string? FindForbidden(string text, bool allowLineBreaks = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                if (CharUnicodeInfo.GetUnicodeCategory(text, i) == UnicodeCategory.Format)
                {
                    return Describe("a format character", char.ConvertToUtf32(c, text[i + 1]), i);
                }

                i++;
                continue;
            }

            string? kind = Classify(c, allowLineBreaks);
            if (kind is not null)
            {
                return Describe(kind, c, i);
            }
        }

        return null;
    }

    private static string? Classify(char c, bool allowLineBreaks)
    {
        if (char.IsSurrogate(c))
        {
            return "a lone surrogate";
        }

        if (allowLineBreaks && c is '\n' or '\t')
        {
            return null;
        }

        if (c < 0x20 || c == 0x7F || c is >= '\u0080' and <= '\u009F')
        {
            return "a control character";
        }

        if (c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069')
        {
            return "a bidirectional override or isolate";
        }

        return CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format ? "a format (invisible) character" : null;
    }

    private static string Describe(string kind, int codePoint, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"contains {kind} (U+{codePoint:X4}) at index {index}");

    /// <summary>
    /// A copy safe for one log line or a problem detail: every forbidden character (CR and LF included) becomes
    /// its <c>\uXXXX</c> escape, and the copy is cut at <paramref name="maxLength"/>.
    /// </summary>
    public static string Escape(string? text, int maxLength = 200)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(Math.Min(text.Length, maxLength));
        foreach (char c in text)
        {
            if (builder.Length >= maxLength)
            {
                builder.Append('…');
                break;
            }

            if (Classify(c, allowLineBreaks: false) is null)
            {
                builder.Append(c);
            }
            else
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
        }

        return builder.ToString();
    }
}
