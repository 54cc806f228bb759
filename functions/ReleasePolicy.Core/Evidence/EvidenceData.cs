using System.Text.Json;

namespace ReleasePolicy.Evidence;

/// <summary>
/// A record's <c>data</c>: UTF-8 JSON embedded verbatim, so a submission record keeps the exact request body and
/// an object is written with the one JSON shape of the app.
/// </summary>
public sealed class EvidenceData
{
    private EvidenceData(ReadOnlyMemory<byte> json) => this.Json = json;

    public ReadOnlyMemory<byte> Json { get; }

    public static EvidenceData Empty { get; } = new("{}"u8.ToArray());

    /// <summary>An object serialized with <see cref="JsonDefaults.Options"/>.</summary>
    public static EvidenceData FromObject<T>(T value) => new(JsonSerializer.SerializeToUtf8Bytes(value, JsonDefaults.Options));

    /// <summary>Raw JSON bytes embedded as they are (validated as one JSON value when the record is written).</summary>
    public static EvidenceData FromRawJson(ReadOnlyMemory<byte> json) => new(json);
}
