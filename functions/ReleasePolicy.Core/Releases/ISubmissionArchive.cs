namespace ReleasePolicy.Releases;

/// <summary>
/// The exact bytes each release was submitted with (evidence, unknown fields and all), written once and never
/// changed, so an auditor can always see what a release was judged on.
/// </summary>
public interface ISubmissionArchive
{
    /// <summary>Keeps the body for <paramref name="retentionDays"/>; a retry of the same submission keeps the first copy and succeeds.</summary>
    Task KeepAsync(ReleaseRecord release, ReadOnlyMemory<byte> body, int retentionDays, CancellationToken cancellationToken = default);

    Task<ArchivedSubmission?> GetAsync(ReleaseRecord release, CancellationToken cancellationToken = default);
}

/// <param name="Record">The evidence blob that holds it, and <see cref="Sha256"/> its hash.</param>
public sealed record ArchivedSubmission(string ReleaseId, DateTimeOffset ReceivedAt, byte[] Body)
{
    public string? Record { get; init; }

    public string? Sha256 { get; init; }
}
