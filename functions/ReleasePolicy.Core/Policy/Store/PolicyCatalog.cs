using System.Collections.Concurrent;

namespace ReleasePolicy.Policy.Store;

/// <summary>
/// Published policies as parsed documents. A published version never changes, so parsed documents are cached by
/// content hash; a pinned reference whose stored text no longer matches its hash is refused, never used.
/// </summary>
public sealed class PolicyCatalog(IPolicyStore store)
{
    private readonly ConcurrentDictionary<string, PolicyDocument> parsed = new(StringComparer.Ordinal);

    public async Task<(PublishedPolicy Published, PolicyDocument Document)> GetActiveAsync(CancellationToken cancellationToken = default)
    {
        PublishedPolicy active = await store.GetActiveAsync(cancellationToken).ConfigureAwait(false);
        return (active, this.Parse(active));
    }

    public async Task<PolicyDocument> GetPinnedAsync(PolicyReference reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (this.parsed.TryGetValue(reference.Hash, out PolicyDocument? cached))
        {
            return cached;
        }

        PublishedPolicy published = await store.GetAsync(reference.Sequence, cancellationToken).ConfigureAwait(false)
            ?? throw new PermanentFailureException($"Policy version {reference.Version} (#{reference.Sequence}) is missing from the policy store.");
        string actualHash = PolicyHash.Compute(published.Text);
        if (!string.Equals(actualHash, reference.Hash, StringComparison.Ordinal))
        {
            throw new PermanentFailureException(
                $"Policy #{reference.Sequence} no longer matches the hash recorded on the release ({reference.Hash} ≠ {actualHash}); refusing to judge under it.");
        }

        return this.Parse(published);
    }

    private PolicyDocument Parse(PublishedPolicy published) =>
        this.parsed.GetOrAdd(published.Hash, _ =>
        {
            PolicyParseResult result = PolicyParser.Parse(published.Text);
            return result.IsValid
                ? result.Document!
                : throw new PermanentFailureException($"Stored policy #{published.Sequence} does not parse: {result.Errors[0].Message}");
        });
}
