using Azure.Storage.Blobs;
using ReleasePolicy.IntegrationTests.Infrastructure;
using ReleasePolicy.Policy;
using ReleasePolicy.Policy.Store;

namespace ReleasePolicy.IntegrationTests.Storage;

/// <summary>The policy store on Azurite: create-only versions, races, and the sample seeded once.</summary>
public sealed class BlobPolicyStoreTests
{
    [Fact]
    public async Task PublishAsync_ConcurrentPublishers_EachGetsItsOwnSequenceAndNothingIsOverwritten()
    {
        BlobPolicyStore store = await NewStoreAsync();
        string[] versions = Enumerable.Range(1, 6).Select(i => $"2026.12.{i}").ToArray();

        PublishOutcome[] outcomes = await Task.WhenAll(versions.Select(v => store.PublishAsync(PolicyText(v), v, "test")));
        IReadOnlyList<PublishedPolicy> kept = await store.ListAsync();

        Assert.All(outcomes, o => Assert.Equal(PublishOutcomeKind.Published, o.Kind));
        Assert.Equal(Enumerable.Range(1, 6), kept.Select(p => p.Sequence));
        Assert.Equal(versions.Order(StringComparer.Ordinal), kept.Select(p => p.Version).Order(StringComparer.Ordinal));
        Assert.All(kept, p => Assert.Equal(PolicyHash.Compute(p.Text), p.Hash));
    }

    [Fact]
    public async Task PublishAsync_SameTextAsActive_IsUnchangedAndWritesNothing()
    {
        BlobPolicyStore store = await NewStoreAsync();
        await store.PublishAsync(PolicyText("2026.12.1"), "2026.12.1", "test");

        PublishOutcome again = await store.PublishAsync(PolicyText("2026.12.1"), "2026.12.1", "test");

        Assert.Equal(PublishOutcomeKind.Unchanged, again.Kind);
        Assert.Single(await store.ListAsync());
    }

    [Fact]
    public async Task PublishAsync_VersionReusedWithOtherContent_IsAConflict()
    {
        BlobPolicyStore store = await NewStoreAsync();
        await store.PublishAsync(PolicyText("2026.12.1"), "2026.12.1", "test");

        PublishOutcome clash = await store.PublishAsync(PolicyText("2026.12.1") + "\n# edited", "2026.12.1", "test");

        Assert.Equal(PublishOutcomeKind.VersionConflict, clash.Kind);
        Assert.Single(await store.ListAsync());
    }

    [Fact]
    public async Task GetActiveAsync_EmptyStoreReadConcurrently_SeedsTheSampleOnce()
    {
        BlobPolicyStore store = await NewStoreAsync();

        PublishedPolicy[] active = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => store.GetActiveAsync()));

        Assert.All(active, a => Assert.Equal(1, a.Sequence));
        Assert.All(active, a => Assert.Equal(PolicyHash.Compute(SamplePolicy.Text), a.Hash));
        Assert.Single(await store.ListAsync());
    }

    private static string PolicyText(string version) =>
        SamplePolicy.Text.Replace("version: \"2026.11.1\"", $"version: \"{version}\"", StringComparison.Ordinal);

    private static async Task<BlobPolicyStore> NewStoreAsync()
    {
        var service = new BlobServiceClient(await TestStorage.GetConnectionStringAsync());
        return new BlobPolicyStore(
            service.GetBlobContainerClient(TestNames.Unique("policies")),
            TimeProvider.System,
            () => SamplePolicy.Text,
            _ => SamplePolicy.Load().Version);
    }
}
