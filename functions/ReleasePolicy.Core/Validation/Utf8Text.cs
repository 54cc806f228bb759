using System.Buffers;
using System.Text.Unicode;

namespace ReleasePolicy.Validation;

/// <summary>
/// Strict UTF-8: a body that is not valid UTF-8 is refused with the offset of the first bad byte, instead of being
/// decoded with replacement characters (which would store and hash something the client never sent).
/// </summary>
public static class Utf8Text
{
    /// <summary>The byte offset of the first invalid sequence, or null when <paramref name="bytes"/> is valid UTF-8.</summary>
    public static int? FirstInvalidByte(ReadOnlySpan<byte> bytes)
    {
        if (Utf8.IsValid(bytes))
        {
            return null;
        }

        // Decode in chunks without replacement: the decoder stops at the first invalid sequence and says where.
        Span<char> chars = stackalloc char[1024];
        int offset = 0;
        while (offset < bytes.Length)
        {
            OperationStatus status = Utf8.ToUtf16(bytes[offset..], chars, out int read, out _, replaceInvalidSequences: false);
            offset += read;
            if (status is OperationStatus.InvalidData or OperationStatus.NeedMoreData)
            {
                return offset;
            }
        }

        return offset;
    }
}
