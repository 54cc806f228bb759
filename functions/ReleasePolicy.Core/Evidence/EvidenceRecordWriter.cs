using System.Globalization;
using System.Text.Json;

namespace ReleasePolicy.Evidence;

/// <summary>
/// Writes a record's bytes deterministically: same entry and predecessor hash, same bytes. The header comes before
/// <c>data</c> in a fixed order so a verifier can stop reading at <c>data</c>.
/// </summary>
public static class EvidenceRecordWriter
{
    public const string Schema = "releasepolicy.evidence/v1";

    /// <summary>Indented for people, with LF line endings on every OS so the bytes (and hashes) never depend on the host.</summary>
    internal static readonly JsonWriterOptions WriterOptions = new() { Indented = true, NewLine = "\n" };

    public static byte[] Write(EvidenceEntry entry, string? previousHash)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Sequence == 1 != (previousHash is null))
        {
            throw new ArgumentException("Only the first record has no previousHash.", nameof(previousHash));
        }

        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("schema", Schema);
            json.WriteString("releaseId", entry.ReleaseId);
            json.WriteString("service", entry.Service);
            json.WriteNumber("sequence", entry.Sequence);
            json.WriteString("kind", entry.Kind);
            json.WriteString("recordedAt", FormatTime(entry.RecordedAt));
            json.WriteStartObject("actor");
            json.WriteString("principal", entry.Actor.Principal);
            json.WriteString("kind", ActorKindName(entry.Actor.Kind));
            if (entry.Actor.OnBehalfOf is not null)
            {
                json.WriteString("onBehalfOf", entry.Actor.OnBehalfOf);
            }

            json.WriteEndObject();
            if (entry.Policy is not null)
            {
                json.WriteStartObject("policy");
                json.WriteNumber("sequence", entry.Policy.Sequence);
                json.WriteString("version", entry.Policy.Version);
                json.WriteString("hash", entry.Policy.Hash);
                json.WriteEndObject();
            }

            if (previousHash is null)
            {
                json.WriteNull("previousHash");
            }
            else
            {
                json.WriteString("previousHash", previousHash);
            }

            json.WritePropertyName("data");
            json.WriteRawValue(entry.Data.Json.Span);
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>UTC with a fixed 7-digit fraction: one instant, one spelling.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    internal static string ActorKindName(ActorKind kind) => kind switch
    {
        ActorKind.Pipeline => "pipeline",
        ActorKind.Person => "person",
        ActorKind.System => "system",
        ActorKind.Auditor => "auditor",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
