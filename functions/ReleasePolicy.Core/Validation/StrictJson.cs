using System.Globalization;
using System.Text.Json;
using ReleasePolicy.Readiness;

namespace ReleasePolicy.Validation;

/// <summary>
/// Checks a JSON body before anything reads it: valid UTF-8, well-formed, no deeper than <see cref="MaxDepth"/>, no
/// duplicate property names at any depth (System.Text.Json keeps the last while the archived bytes show the first), and
/// no lone surrogate escapes such as <c>"\ud800"</c> in any string or name (which cannot become UTF-8 and made every
/// later read throw). The first problem is returned with the JSON path it was found at.
/// </summary>
public static class StrictJson
{
    public const int MaxDepth = 32;

    public static FieldError? Check(ReadOnlySpan<byte> utf8Json)
    {
        if (Utf8Text.FirstInvalidByte(utf8Json) is int offset)
        {
            return new FieldError("$", string.Create(CultureInfo.InvariantCulture, $"The body is not valid UTF-8 (first invalid byte at offset {offset})."));
        }

        // One more than ours, so that our clearer message wins over the reader's own depth error.
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = MaxDepth + 1 });
        var path = new JsonPathTracker();
        try
        {
            while (reader.Read())
            {
                if (Step(ref reader, path) is { } error)
                {
                    return error;
                }
            }
        }
        catch (JsonException ex)
        {
            string where = string.Create(CultureInfo.InvariantCulture, $"line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}");
            // The whole body is at fault (often it is cut short), so the field is "$" and the position is in the reason.
            string message = ex.Message;
            int position = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            string reason = TextCharacters.Escape(position > 0 ? message[..position] : message);
            return new FieldError("$", $"The body is not valid JSON at {where} (near {path.Current}): {reason}");
        }

        return null;
    }

    private static FieldError? Step(ref Utf8JsonReader reader, JsonPathTracker path)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            case JsonTokenType.StartArray:
                path.BeforeValue();
                if (reader.CurrentDepth >= MaxDepth)
                {
                    return new FieldError(path.Current, $"Nested deeper than {MaxDepth} levels.");
                }

                path.Enter(reader.TokenType == JsonTokenType.StartArray);
                return null;
            case JsonTokenType.EndObject:
            case JsonTokenType.EndArray:
                path.Leave();
                return null;
            case JsonTokenType.PropertyName:
                if (LoneSurrogate(ref reader))
                {
                    return new FieldError(path.Current, "A property name contains a lone surrogate escape (\\uD800–\\uDFFF without its pair).");
                }

                string name = reader.GetString()!;
                return path.Property(name)
                    ? null
                    : new FieldError(path.Current, "Duplicate property name; each name may appear once per object.");
            case JsonTokenType.String:
                path.BeforeValue();
                return LoneSurrogate(ref reader)
                    ? new FieldError(path.Current, "Contains a lone surrogate escape (\\uD800–\\uDFFF without its pair); the text cannot be stored as UTF-8.")
                    : null;
            default:
                path.BeforeValue();
                return null;
        }
    }

    /// <summary>Scans the raw (still escaped) token for <c>\uXXXX</c> surrogates that are not a high-low pair.</summary>
    private static bool LoneSurrogate(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return false;
        }

        ReadOnlySpan<byte> raw = reader.ValueSpan;
        bool expectLow = false;
        for (int i = 0; i < raw.Length; i++)
        {
            if (raw[i] != (byte)'\\')
            {
                if (expectLow)
                {
                    return true;
                }

                continue;
            }

            byte escaped = raw[i + 1];
            if (escaped != (byte)'u')
            {
                if (expectLow)
                {
                    return true;
                }

                i++;
                continue;
            }

            int unit = int.Parse(raw.Slice(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            i += 5;
            bool high = unit is >= 0xD800 and <= 0xDBFF;
            bool low = unit is >= 0xDC00 and <= 0xDFFF;
            if (expectLow != low)
            {
                return true;
            }

            expectLow = high;
        }

        return expectLow;
    }
}
