using System.Text.Json;

namespace ReleasePolicy.Evidence;

/// <summary>Reads the top-level <c>kid</c> of a manifest or ledger without trusting anything else in it.</summary>
internal static class SignedKid
{
    public static string? Read(ReadOnlySpan<byte> bytes)
    {
        try
        {
            var reader = new Utf8JsonReader(bytes);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isKid = reader.ValueTextEquals("kid"u8);
                reader.Read();
                if (isKid)
                {
                    return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }
}
