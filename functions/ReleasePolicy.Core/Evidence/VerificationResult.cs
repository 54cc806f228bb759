namespace ReleasePolicy.Evidence;

/// <summary>
/// The outcome of verifying one release (or a ledger chain): verified, or the first broken blob, its sequence when
/// it is a record, and why.
/// </summary>
public sealed record VerificationResult(
    string Subject,
    bool Verified,
    string? FirstBrokenRecord,
    int? Sequence,
    string? Reason,
    int Records,
    string? Head,
    bool Sealed)
{
    public static VerificationResult Broken(string subject, string blob, int? sequence, string reason, int records = 0) =>
        new(subject, false, blob, sequence, reason, records, null, false);

    public override string ToString() => this.Verified
        ? $"{this.Subject}: verified ({this.Records} records{(this.Sealed ? ", sealed, head " + this.Head : ", not sealed yet")})"
        : $"{this.Subject}: BROKEN at {this.FirstBrokenRecord}{(this.Sequence is int s ? $" (sequence {s})" : string.Empty)}: {this.Reason}";
}
