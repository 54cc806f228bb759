using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ReleasePolicy.Releases;

/// <summary>
/// One spelling for each JSON meaning, so that two serializations of the same request compare equal: object keys
/// sorted (ordinal, recursively), no insignificant whitespace, strings re-escaped one way, and numbers written by
/// value (0.8, 0.80 and 8e-1 are all <c>0.8</c>). Array order is kept: it is part of the meaning.
/// </summary>
public static class CanonicalJson
{
    public static string Write(JsonElement element)
    {
        var builder = new StringBuilder();
        Append(builder, element);
        return builder.ToString();
    }

    public static string Write(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using JsonDocument document = JsonDocument.Parse(json);
        return Write(document.RootElement);
    }

    private static void Append(StringBuilder builder, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                builder.Append('{');
                bool firstProperty = true;
                foreach (JsonProperty property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    builder.Append(firstProperty ? string.Empty : ",");
                    firstProperty = false;
                    AppendString(builder, property.Name);
                    builder.Append(':');
                    Append(builder, property.Value);
                }

                builder.Append('}');
                break;
            case JsonValueKind.Array:
                builder.Append('[');
                bool firstItem = true;
                foreach (JsonElement item in element.EnumerateArray())
                {
                    builder.Append(firstItem ? string.Empty : ",");
                    firstItem = false;
                    Append(builder, item);
                }

                builder.Append(']');
                break;
            case JsonValueKind.String:
                AppendString(builder, element.GetString()!);
                break;
            case JsonValueKind.Number:
                builder.Append(Number(element.GetRawText()));
                break;
            case JsonValueKind.True:
                builder.Append("true");
                break;
            case JsonValueKind.False:
                builder.Append("false");
                break;
            default:
                builder.Append("null");
                break;
        }
    }

    /// <summary>
    /// A number by value: exact in decimal where it fits (28 significant digits), so 1.10 and 1.1 agree and
    /// 0.1 stays 0.1; beyond that range, the shortest round-trip double.
    /// </summary>
    private static string Number(string raw)
    {
        if (decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal exact))
        {
            // Dividing by 1.000…0 drops the trailing zeros that decimal keeps as scale (0.80m → 0.8m).
            decimal normal = exact / 1.0000000000000000000000000000m;
            return normal == 0 ? "0" : normal.ToString(CultureInfo.InvariantCulture);
        }

        return double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture);
    }

    private static void AppendString(StringBuilder builder, string value) =>
        builder.Append(JsonSerializer.Serialize(value));
}
