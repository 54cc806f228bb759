namespace ReleasePolicy.Policy.Store;

/// <summary>Every published policy version, kept forever; the newest is active.</summary>
public interface IPolicyStore
{
    /// <summary>The active policy; on an empty store, the built-in sample policy is published first as version 1.</summary>
    Task<PublishedPolicy> GetActiveAsync(CancellationToken cancellationToken = default);

    Task<PublishedPolicy?> GetAsync(int sequence, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<PublishedPolicy>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Publishes already-validated policy text under its document version.</summary>
    Task<PublishOutcome> PublishAsync(string text, string version, string publishedBy, CancellationToken cancellationToken = default);
}
