using System.Text.Json;
using ReleasePolicy.Evidence;

namespace ReleasePolicy.Releases;

/// <summary>
/// The submitted request as the first record of the release's evidence chain: <c>data.body</c> holds the JSON value
/// the pipeline sent byte for byte (embedded verbatim; only whitespace around the value is not kept), and
/// <c>data.bodySha256</c> the SHA-256 of the exact bytes received, so the pipeline's own copy can be checked against
/// it. The auditor's record and <c>GET /api/releases/{id}/submission</c> are one.
/// </summary>
public sealed class EvidenceSubmissionArchive(IEvidenceStore evidence) : ISubmissionArchive
{
    public const int Sequence = 1;

    public async Task KeepAsync(ReleaseRecord release, ReadOnlyMemory<byte> body, int retentionDays, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(release);
        var entry = new EvidenceEntry(
            release.Service,
            release.Id,
            Sequence,
            EvidenceKinds.Submission,
            release.CreatedAt,
            Submitter(release),
            release.Policy,
            EvidenceData.FromRawJson(Data(release, body)))
        {
            RetentionDays = retentionDays,
        };

        // A retried submission carries another receive time: the first record stands (the fingerprint check in
        // intake has already told a true retry from a reused key).
        await evidence.AppendAsync(entry, EvidenceWriteMode.FirstWriteWins, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ArchivedSubmission?> GetAsync(ReleaseRecord release, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(release);
        IReadOnlyList<StoredRecord> records = await evidence.ReadRecordsAsync(release.Service, release.Id, cancellationToken).ConfigureAwait(false);
        if (records.FirstOrDefault(r => r.Sequence == Sequence && r.Kind == EvidenceKinds.Submission) is not { } record)
        {
            return null;
        }

        using JsonDocument document = JsonDocument.Parse(record.Content);
        JsonElement root = document.RootElement;
        byte[] body = System.Text.Encoding.UTF8.GetBytes(root.GetProperty("data").GetProperty("body").GetRawText());
        DateTimeOffset receivedAt = root.GetProperty("recordedAt").GetDateTimeOffset();
        return new ArchivedSubmission(release.Id, receivedAt, body) { Record = record.BlobName, Sha256 = record.Sha256 };
    }

    private static EvidenceActor Submitter(ReleaseRecord release) =>
        release.SubmittedBy is not { } principal
            ? new EvidenceActor(release.RequestedBy, ActorKind.Person)
            : release.SubmittedByPerson
                ? new EvidenceActor(principal, ActorKind.Person)
                : new EvidenceActor(principal, ActorKind.Pipeline, release.RequestedBy);

    private static byte[] Data(ReleaseRecord release, ReadOnlyMemory<byte> body)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("idempotencyKey", release.IdempotencyKey);
            json.WriteString("fingerprint", release.Fingerprint);
            json.WriteString("bodySha256", EvidenceHash.Of(body.Span));
            json.WritePropertyName("body");
            json.WriteRawValue(body.Span, skipInputValidation: false);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
