namespace ReleasePolicy.Releases;

/// <summary>
/// The exact bytes each release was submitted with (evidence, unknown fields and all), written once and never
/// changed, so an auditor can always see what a release was judged on.
/// </summary>
public interface ISubmissionArchive
{
    /// <summary>Keeps the body; a retry of the same submission keeps the first copy and succeeds.</summary>
    Task KeepAsync(string releaseId, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default);

    Task<ArchivedSubmission?> GetAsync(string releaseId, CancellationToken cancellationToken = default);
}

public sealed record ArchivedSubmission(string ReleaseId, DateTimeOffset ReceivedAt, byte[] Body);
