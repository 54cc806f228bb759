using System.Globalization;
using System.Text.Json;

namespace ReleasePolicy.Evidence;

/// <summary>
/// Closes a release: every record with its hash, the <see cref="Head"/> (hash of the last record), when, what storage
/// enforced, and which key signs it (<c>manifest.sig</c> beside it).
/// </summary>
public sealed record EvidenceManifest(
    string ReleaseId,
    string Service,
    IReadOnlyList<ManifestEntry> Records,
    string Head,
    DateTimeOffset SealedAt,
    string Worm,
    string Kid)
{
    public const string Schema = "releasepolicy.evidence-manifest/v1";

    public byte[] ToBytes()
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, EvidenceRecordWriter.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("schema", Schema);
            json.WriteString("releaseId", this.ReleaseId);
            json.WriteString("service", this.Service);
            json.WriteString("sealedAt", EvidenceRecordWriter.FormatTime(this.SealedAt));
            json.WriteString("worm", this.Worm);
            json.WriteString("kid", this.Kid);
            json.WriteNumber("count", this.Records.Count);
            json.WriteString("head", this.Head);
            json.WriteStartArray("records");
            foreach (ManifestEntry record in this.Records)
            {
                json.WriteStartObject();
                json.WriteNumber("sequence", record.Sequence);
                json.WriteString("kind", record.Kind);
                json.WriteString("blob", record.Blob);
                json.WriteString("sha256", record.Sha256);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>Reads a manifest; <see cref="FormatException"/> when it is not one.</summary>
    public static EvidenceManifest Parse(ReadOnlySpan<byte> bytes)
    {
        try
        {
            var reader = new Utf8JsonReader(bytes);
            using JsonDocument document = JsonDocument.ParseValue(ref reader);
            JsonElement root = document.RootElement;
            if (root.GetProperty("schema").GetString() != Schema)
            {
                throw new FormatException($"schema is not {Schema}");
            }

            var records = root.GetProperty("records").EnumerateArray()
                .Select(r => new ManifestEntry(
                    r.GetProperty("sequence").GetInt32(),
                    r.GetProperty("kind").GetString()!,
                    r.GetProperty("blob").GetString()!,
                    r.GetProperty("sha256").GetString()!))
                .ToList();
            return new EvidenceManifest(
                root.GetProperty("releaseId").GetString()!,
                root.GetProperty("service").GetString()!,
                records,
                root.GetProperty("head").GetString()!,
                DateTimeOffset.Parse(root.GetProperty("sealedAt").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                root.GetProperty("worm").GetString()!,
                root.GetProperty("kid").GetString()!);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or NullReferenceException)
        {
            throw new FormatException("Not a valid evidence manifest: " + ex.Message, ex);
        }
    }
}
