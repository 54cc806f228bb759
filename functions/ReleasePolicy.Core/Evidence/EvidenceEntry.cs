using ReleasePolicy.Policy.Store;

namespace ReleasePolicy.Evidence;

/// <summary>
/// One record to append. The caller assigns <see cref="Sequence"/> and <see cref="RecordedAt"/> (an activity takes
/// both from its orchestration input), so a retried activity produces the same bytes.
/// </summary>
public sealed record EvidenceEntry(
    string Service,
    string ReleaseId,
    int Sequence,
    string Kind,
    DateTimeOffset RecordedAt,
    EvidenceActor Actor,
    PolicyReference? Policy,
    EvidenceData Data)
{
    /// <summary>
    /// How long storage must keep the record (the policy's retention for the release's service); the configured
    /// default when null. Used only where storage enforces per-blob immutability.
    /// </summary>
    public int? RetentionDays { get; init; }
}
