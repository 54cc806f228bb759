using System.Text.Json;

namespace ReleasePolicy.Evidence;

/// <summary>
/// The keys a verifier trusts. Several, so that records signed before a key rotation stay verifiable: the
/// manifest and ledger name their <c>kid</c>.
/// </summary>
public sealed class EvidenceKeySet
{
    private readonly Dictionary<string, EvidencePublicKey> keys;

    public EvidenceKeySet(IEnumerable<EvidencePublicKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        this.keys = new Dictionary<string, EvidencePublicKey>(StringComparer.Ordinal);
        foreach (EvidencePublicKey key in keys)
        {
            this.keys[key.Kid] = key;
        }
    }

    public IReadOnlyCollection<EvidencePublicKey> Keys => this.keys.Values;

    public EvidencePublicKey? Find(string kid) => this.keys.GetValueOrDefault(kid);

    /// <summary>A PEM file (one or more public keys) or a JWKS document, told apart by content.</summary>
    public static EvidenceKeySet Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.TrimStart().StartsWith('{') ? FromJwks(text) : FromPem(text);
    }

    public static EvidenceKeySet FromPem(string pem)
    {
        const string End = "-----END PUBLIC KEY-----";
        var found = new List<EvidencePublicKey>();
        int start = 0;
        while (true)
        {
            int begin = pem.IndexOf("-----BEGIN PUBLIC KEY-----", start, StringComparison.Ordinal);
            if (begin < 0)
            {
                break;
            }

            int end = pem.IndexOf(End, begin, StringComparison.Ordinal);
            if (end < 0)
            {
                throw new FormatException("Unterminated PUBLIC KEY block.");
            }

            found.Add(EvidencePublicKey.FromPem(pem[begin..(end + End.Length)]));
            start = end + End.Length;
        }

        return found.Count > 0 ? new EvidenceKeySet(found) : throw new FormatException("No PUBLIC KEY block found.");
    }

    public static EvidenceKeySet FromJwks(string jwks)
    {
        using JsonDocument document = JsonDocument.Parse(jwks);
        var found = new List<EvidencePublicKey>();
        foreach (JsonElement key in document.RootElement.GetProperty("keys").EnumerateArray())
        {
            if (key.GetProperty("kty").GetString() == "EC" && key.GetProperty("crv").GetString() == "P-256")
            {
                found.Add(EvidencePublicKey.FromJwk(key.GetProperty("x").GetString()!, key.GetProperty("y").GetString()!));
            }
        }

        return found.Count > 0 ? new EvidenceKeySet(found) : throw new FormatException("No EC P-256 key in the JWKS document.");
    }

    /// <summary>The JWKS document served at <c>GET /api/audit/signing-keys</c> and shipped in exports.</summary>
    public string ToJwks()
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, EvidenceRecordWriter.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteStartArray("keys");
            foreach (EvidencePublicKey key in this.keys.Values.OrderBy(k => k.Kid, StringComparer.Ordinal))
            {
                json.WriteStartObject();
                json.WriteString("kty", "EC");
                json.WriteString("crv", "P-256");
                json.WriteString("x", key.X);
                json.WriteString("y", key.Y);
                json.WriteString("kid", key.Kid);
                json.WriteString("use", "sig");
                json.WriteString("alg", "ES256");
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    public string ToPem() => string.Concat(this.keys.Values.OrderBy(k => k.Kid, StringComparer.Ordinal).Select(k => k.ExportPem()));
}
