using System.Globalization;
using System.Text.Json;

namespace ReleasePolicy.Evidence;

/// <summary>
/// One UTC day's ledger: the heads of every release sealed that day, chained to the previous day's ledger. An empty
/// day still gets one, so the chain has no holes and deleting a whole release (or a whole day) shows.
/// </summary>
public sealed record EvidenceLedger(
    DateOnly Date,
    DateTimeOffset SealedAt,
    LedgerLink? PreviousLedger,
    IReadOnlyList<LedgerEntry> Releases,
    string Kid)
{
    public const string Schema = "releasepolicy.evidence-ledger/v1";

    public byte[] ToBytes()
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, EvidenceRecordWriter.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("schema", Schema);
            json.WriteString("date", FormatDate(this.Date));
            json.WriteString("sealedAt", EvidenceRecordWriter.FormatTime(this.SealedAt));
            json.WriteString("kid", this.Kid);
            if (this.PreviousLedger is null)
            {
                json.WriteNull("previousLedger");
            }
            else
            {
                json.WriteStartObject("previousLedger");
                json.WriteString("date", FormatDate(this.PreviousLedger.Date));
                json.WriteString("sha256", this.PreviousLedger.Sha256);
                json.WriteEndObject();
            }

            json.WriteStartArray("releases");
            foreach (LedgerEntry release in this.Releases)
            {
                json.WriteStartObject();
                json.WriteString("releaseId", release.ReleaseId);
                json.WriteString("service", release.Service);
                json.WriteString("head", release.Head);
                json.WriteString("manifest", release.Manifest);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    public static EvidenceLedger Parse(ReadOnlySpan<byte> bytes)
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

            JsonElement previous = root.GetProperty("previousLedger");
            return new EvidenceLedger(
                ParseDate(root.GetProperty("date").GetString()!),
                DateTimeOffset.Parse(root.GetProperty("sealedAt").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                previous.ValueKind == JsonValueKind.Null
                    ? null
                    : new LedgerLink(ParseDate(previous.GetProperty("date").GetString()!), previous.GetProperty("sha256").GetString()!),
                root.GetProperty("releases").EnumerateArray()
                    .Select(r => new LedgerEntry(
                        r.GetProperty("releaseId").GetString()!,
                        r.GetProperty("service").GetString()!,
                        r.GetProperty("head").GetString()!,
                        r.GetProperty("manifest").GetString()!))
                    .ToList(),
                root.GetProperty("kid").GetString()!);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or NullReferenceException)
        {
            throw new FormatException("Not a valid evidence ledger: " + ex.Message, ex);
        }
    }

    public static string FormatDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly ParseDate(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
