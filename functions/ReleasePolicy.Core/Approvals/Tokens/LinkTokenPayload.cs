using System.Buffers;
using System.Text.Json;

namespace ReleasePolicy.Approvals.Tokens;

/// <summary>
/// The signed part of a link token: compact JSON with short names, written and read here only.
/// <c>{"v":1,"a":approvalId,"t":tier,"p":approver,"e":expiry (Unix seconds),"n":nonce}</c>.
/// <c>v</c> is the payload version: a future format gets a new number, and this reader refuses numbers it does not know
/// instead of guessing. Reading is strict (each known field exactly once, right types, nothing else) because a valid
/// MAC only proves we wrote the bytes, not which build of us did.
/// </summary>
internal static class LinkTokenPayload
{
    public const int CurrentVersion = 1;

    // Unix seconds of 9999-12-31T23:59:59Z: the last second DateTimeOffset can hold.
    private const long MaxUnixSeconds = 253_402_300_799;

    public static byte[] Write(ApprovalLinkClaims claims)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v", CurrentVersion);
            writer.WriteString("a", claims.ApprovalId);
            writer.WriteNumber("t", claims.Tier);
            writer.WriteString("p", claims.Approver);
            writer.WriteNumber("e", claims.ExpiresAt.ToUnixTimeSeconds());
            writer.WriteString("n", claims.Nonce);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads the payload; on failure <paramref name="failure"/> says which kind, and the result is null.</summary>
    public static ApprovalLinkClaims? Read(ReadOnlySpan<byte> json, out LinkTokenFailure? failure)
    {
        failure = LinkTokenFailure.InvalidClaims;
        long? version = null, tier = null, expiry = null;
        string? approvalId = null, approver = null, nonce = null;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 2 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                if (!reader.Read())
                {
                    return null;
                }

                bool fresh = name switch
                {
                    "v" => Take(ref version, Number(ref reader)),
                    "t" => Take(ref tier, Number(ref reader)),
                    "e" => Take(ref expiry, Number(ref reader)),
                    "a" => Take(ref approvalId, Text(ref reader)),
                    "p" => Take(ref approver, Text(ref reader)),
                    "n" => Take(ref nonce, Text(ref reader)),
                    _ => false,
                };
                if (!fresh)
                {
                    return null;
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                return null;
            }
        }
        catch (JsonException)
        {
            return null;
        }

        if (version != CurrentVersion)
        {
            failure = version is null ? LinkTokenFailure.InvalidClaims : LinkTokenFailure.UnsupportedVersion;
            return null;
        }

        if (tier is null or < 0 or > int.MaxValue || expiry is null or < 0 or > MaxUnixSeconds || approvalId is null || approver is null || nonce is null)
        {
            return null;
        }

        failure = null;
        return new ApprovalLinkClaims(approvalId, (int)tier.Value, approver, DateTimeOffset.FromUnixTimeSeconds(expiry.Value), nonce);
    }

    // A field seen twice, or of the wrong type (null), makes the payload invalid.
    private static bool Take(ref long? slot, long? value)
    {
        if (slot is not null || value is null)
        {
            return false;
        }

        slot = value;
        return true;
    }

    private static bool Take(ref string? slot, string? value)
    {
        if (slot is not null || value is null)
        {
            return false;
        }

        slot = value;
        return true;
    }

    private static long? Number(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long value) ? value : null;

    private static string? Text(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
}
