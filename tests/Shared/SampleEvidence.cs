using ReleasePolicy.Policy.Store;
using ReleasePolicy.Evidence;

namespace ReleasePolicy.Testing;

/// <summary>
/// A sealed release's evidence built in memory with the real writer, manifest and signer (what the blob store
/// writes), for verifier tests and the verification benchmark. Compiled into each test project by link.
/// </summary>
internal static class SampleEvidence
{
    public const string Service = "payments-api";
    public static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Records 1..<paramref name="count"/> chained, then manifest.json + manifest.sig, keyed by blob name.</summary>
    public static Dictionary<string, ReadOnlyMemory<byte>> SealedRelease(
        EvidenceSigner signer, string releaseId = "rel-0001", int count = 5, int dataBytes = 200, bool seal = true)
    {
        var files = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
        var entries = new List<ManifestEntry>();
        string? previous = null;
        for (int sequence = 1; sequence <= count; sequence++)
        {
            string kind = sequence == 1 ? "submission" : sequence == count ? "completion" : "signal";
            byte[] bytes = EvidenceRecordWriter.Write(Entry(releaseId, sequence, kind, dataBytes), previous);
            string name = EvidenceLayout.RecordName(Service, releaseId, sequence, kind);
            files[name] = bytes;
            previous = EvidenceHash.Of(bytes);
            entries.Add(new ManifestEntry(sequence, kind, name, previous));
        }

        if (seal)
        {
            byte[] manifest = new EvidenceManifest(releaseId, Service, entries, previous!, Start.AddHours(1), WormCapability.NotEnforced, signer.Kid).ToBytes();
            files[EvidenceLayout.ManifestName(Service, releaseId)] = manifest;
            files[EvidenceLayout.ManifestSignatureName(Service, releaseId)] = signer.Sign(manifest);
        }

        return files;
    }

    public static EvidenceEntry Entry(string releaseId, int sequence, string kind, int dataBytes = 200) => new(
        Service,
        releaseId,
        sequence,
        kind,
        Start.AddMinutes(sequence),
        new EvidenceActor("pipeline-payments", ActorKind.Pipeline, "alice@example.com"),
        new PolicyReference(3, "2026.11.1", new string('a', 64)),
        EvidenceData.FromObject(new { note = new string('x', dataBytes), sequence }));

    public static string RecordName(string releaseId, int sequence, string kind) => EvidenceLayout.RecordName(Service, releaseId, sequence, kind);
}
