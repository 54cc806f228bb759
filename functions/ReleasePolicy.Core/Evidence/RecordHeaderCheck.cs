using System.Text.Json;

namespace ReleasePolicy.Evidence;

/// <summary>
/// Checks a record's header against what its name and predecessor say, reading only up to <c>data</c> (the header
/// is written first) and comparing in place, so verification costs little more than hashing.
/// </summary>
internal static class RecordHeaderCheck
{
    /// <summary>Null when the header matches; otherwise the reason.</summary>
    public static string? Check(ReadOnlySpan<byte> bytes, string service, string releaseId, int sequence, string kind, string? previousHash)
    {
        bool schema = false, release = false, serviceSeen = false, sequenceSeen = false, kindSeen = false, previous = false;
        try
        {
            var reader = new Utf8JsonReader(bytes);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return "not a JSON object";
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("data"u8))
                {
                    break;
                }

                if (reader.ValueTextEquals("schema"u8))
                {
                    reader.Read();
                    if (!reader.ValueTextEquals(EvidenceRecordWriter.Schema))
                    {
                        return $"schema is not {EvidenceRecordWriter.Schema}";
                    }

                    schema = true;
                }
                else if (reader.ValueTextEquals("releaseId"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String || !reader.ValueTextEquals(releaseId))
                    {
                        return $"releaseId is not {releaseId}";
                    }

                    release = true;
                }
                else if (reader.ValueTextEquals("service"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String || !reader.ValueTextEquals(service))
                    {
                        return $"service is not {service}";
                    }

                    serviceSeen = true;
                }
                else if (reader.ValueTextEquals("sequence"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out int value) || value != sequence)
                    {
                        return $"the record says sequence {ReadableValue(ref reader)} but its blob name says {sequence}";
                    }

                    sequenceSeen = true;
                }
                else if (reader.ValueTextEquals("kind"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String || !reader.ValueTextEquals(kind))
                    {
                        return $"the record says kind '{ReadableValue(ref reader)}' but its blob name says '{kind}'";
                    }

                    kindSeen = true;
                }
                else if (reader.ValueTextEquals("previousHash"u8))
                {
                    reader.Read();
                    bool matches = previousHash is null
                        ? reader.TokenType == JsonTokenType.Null
                        : reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(previousHash);
                    if (!matches)
                    {
                        return previousHash is null
                            ? "the first record must have previousHash null"
                            : $"previousHash {ReadableValue(ref reader)} is not the sha256 of the record before it ({previousHash})";
                    }

                    previous = true;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException ex)
        {
            return "not valid JSON: " + ex.Message;
        }
        catch (InvalidOperationException)
        {
            // A string value whose bytes are not UTF-8 (the reader checks them only when asked for the text).
            return "not valid UTF-8 JSON";
        }

        return (schema, release, serviceSeen, sequenceSeen, kindSeen, previous) switch
        {
            (false, _, _, _, _, _) => "schema missing before data",
            (_, false, _, _, _, _) => "releaseId missing before data",
            (_, _, false, _, _, _) => "service missing before data",
            (_, _, _, false, _, _) => "sequence missing before data",
            (_, _, _, _, false, _) => "kind missing before data",
            (_, _, _, _, _, false) => "previousHash missing before data",
            _ => null,
        };
    }

    private static string ReadableValue(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString() ?? string.Empty,
        JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
        JsonTokenType.Null => "null",
        _ => reader.TokenType.ToString(),
    };
}
