using System.Text;

namespace ReleasePolicy.Deployment.Events;

/// <summary>Bounds on what one stored event keeps, so a row stays far below the table's 1 MiB entity limit.</summary>
public static class EventText
{
    /// <summary>16 KiB of data: enough to see what an unmatched event was, not a copy of every payload.</summary>
    public const int MaxDataBytes = 16 * 1024;

    /// <summary>Ids, types, sources and subjects longer than this are cut (a property holds at most 32K UTF-16 characters).</summary>
    public const int MaxAttributeChars = 1024;

    /// <summary>The longest prefix of <paramref name="text"/> within <paramref name="maxBytes"/> UTF-8 bytes, never splitting a surrogate pair.</summary>
    public static (string? Text, bool Truncated) Cut(string? text, int maxBytes)
    {
        if (text is null || Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return (text, false);
        }

        int bytes = 0;
        int end = 0;
        while (end < text.Length)
        {
            int width = char.IsHighSurrogate(text[end]) && end + 1 < text.Length ? 2 : 1;
            int size = Encoding.UTF8.GetByteCount(text.AsSpan(end, width));
            if (bytes + size > maxBytes)
            {
                break;
            }

            bytes += size;
            end += width;
        }

        return (text[..end], true);
    }

    public static string? Attribute(string? text) =>
        text is not { Length: > MaxAttributeChars } ? text
        : char.IsHighSurrogate(text[MaxAttributeChars - 1]) ? text[..(MaxAttributeChars - 1)]
        : text[..MaxAttributeChars];
}
