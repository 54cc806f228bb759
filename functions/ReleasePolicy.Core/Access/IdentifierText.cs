using System.Globalization;

namespace ReleasePolicy.Access;

/// <summary>
/// Whether a name is safe to record and log as an identity: no control, format (bidi overrides, zero-width) or
/// separator characters other than a plain space, and a sane length.
/// </summary>
internal static class IdentifierText
{
    public const int MaxLength = 256;

    public static bool IsClean(string text)
    {
        if (text.Length is 0 or > MaxLength)
        {
            return false;
        }

        foreach (char c in text)
        {
            UnicodeCategory category = char.GetUnicodeCategory(c);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned)
            {
                return false;
            }
        }

        return true;
    }
}
