using ReleasePolicy.Policy;
using ReleasePolicy.Policy.Store;
using ReleasePolicy.Testing;

namespace ReleasePolicy.Workflow.Tests;

/// <summary>Policy versions for orchestration tests; the blob-backed store is tested against Azurite.</summary>
internal sealed class InMemoryPolicyStore : IPolicyStore
{
    private readonly List<PublishedPolicy> versions = [];
    private readonly Lock gate = new();
    private int reads;

    /// <summary>How many times a version was read by sequence: each readiness attempt reads its pinned version once.</summary>
    public int ReadsBySequence => Volatile.Read(ref this.reads);

    public Task<PublishedPolicy> GetActiveAsync(CancellationToken cancellationToken = default)
    {
        lock (this.gate)
        {
            if (this.versions.Count == 0)
            {
                this.versions.Add(Published(1, TestPolicies.SampleWithoutCalendar));
            }

            return Task.FromResult(this.versions[^1]);
        }
    }

    public Task<PublishedPolicy?> GetAsync(int sequence, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref this.reads);
        lock (this.gate)
        {
            return Task.FromResult(this.versions.FirstOrDefault(v => v.Sequence == sequence));
        }
    }

    public Task<IReadOnlyList<PublishedPolicy>> ListAsync(CancellationToken cancellationToken = default)
    {
        lock (this.gate)
        {
            return Task.FromResult<IReadOnlyList<PublishedPolicy>>(this.versions.ToArray());
        }
    }

    public Task<PublishOutcome> PublishAsync(string text, string version, string publishedBy, CancellationToken cancellationToken = default)
    {
        lock (this.gate)
        {
            PublishedPolicy published = Published(this.versions.Count + 1, text) with { Version = version };
            this.versions.Add(published);
            return Task.FromResult(new PublishOutcome(PublishOutcomeKind.Published, published));
        }
    }

    private static PublishedPolicy Published(int sequence, string text) =>
        new(sequence, PolicyParser.Parse(text).Document!.Version, PolicyHash.Compute(text), DateTimeOffset.UtcNow, "test", text);
}
