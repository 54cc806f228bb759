using Azure.Data.Tables;
using ReleasePolicy.IntegrationTests.Infrastructure;
using ReleasePolicy.Policy;
using ReleasePolicy.Policy.Store;
using ReleasePolicy.Releases;

namespace ReleasePolicy.IntegrationTests.Storage;

/// <summary>The release index on Azurite: create-only submission and optimistic concurrency on progress.</summary>
public sealed class TableReleaseStoreTests
{
    private static readonly PolicyReference Policy = new(1, "2026.11.1", new string('a', 64));

    [Fact]
    public async Task TryCreateAsync_SameIdTwice_SecondIsRefusedAndFirstKept()
    {
        TableReleaseStore store = await NewStoreAsync();
        ReleaseRecord first = Record("key-1", "first");

        bool created = await store.TryCreateAsync(first);
        bool again = await store.TryCreateAsync(first with { ChangeSummary = "second" });

        Assert.True(created);
        Assert.False(again);
        Assert.Equal("first", (await store.GetAsync(first.Id))!.ChangeSummary);
    }

    [Fact]
    public async Task ApplyAsync_ConcurrentStages_KeepsEveryDecision()
    {
        TableReleaseStore store = await NewStoreAsync();
        ReleaseRecord record = Record("key-2", "concurrent");
        await store.TryCreateAsync(record);
        ReleaseStage[] stages = [ReleaseStage.Readiness, ReleaseStage.Approval, ReleaseStage.Scheduling, ReleaseStage.Deployment];

        await Task.WhenAll(stages.Select(stage => store.ApplyAsync(new ReleaseProgress(
            record.Id, stage, ReleaseStatus.InProgress, new StageDecision(stage, "passed", "ok", DateTimeOffset.UtcNow)))));
        ReleaseRecord stored = (await store.GetAsync(record.Id))!;

        Assert.Equal(stages.Order(), stored.Decisions.Select(d => d.Stage).Order());
        Assert.Equal(Policy, stored.Policy);
    }

    [Fact]
    public async Task ApplyAsync_SameStageTwice_ReplacesItsDecision()
    {
        TableReleaseStore store = await NewStoreAsync();
        ReleaseRecord record = Record("key-3", "retry");
        await store.TryCreateAsync(record);

        await store.ApplyAsync(new ReleaseProgress(record.Id, ReleaseStage.Readiness, ReleaseStatus.InProgress, new StageDecision(ReleaseStage.Readiness, "passed", "first", DateTimeOffset.UtcNow)));
        await store.ApplyAsync(new ReleaseProgress(record.Id, ReleaseStage.Readiness, ReleaseStatus.InProgress, new StageDecision(ReleaseStage.Readiness, "passed", "retried", DateTimeOffset.UtcNow)));

        StageDecision decision = Assert.Single((await store.GetAsync(record.Id))!.Decisions);
        Assert.Equal("retried", decision.Summary);
    }

    [Fact]
    public async Task ApplyAsync_UnknownRelease_Throws()
    {
        TableReleaseStore store = await NewStoreAsync();

        await Assert.ThrowsAsync<ReleaseNotFoundException>(() => store.ApplyAsync(
            new ReleaseProgress("rel-00000000000000000000000000000000", ReleaseStage.Readiness, ReleaseStatus.InProgress, null)));
    }

    private static ReleaseRecord Record(string key, string summary)
    {
        var request = new ReleaseRequest("payments-api", "1.0.0", "production", ReleaseType.Patch, "alice", summary, key, null);
        return ReleaseRecord.Submitted(ReleaseIdentity.IdFor(request.Service, key), request, Policy, DateTimeOffset.UtcNow);
    }

    private static async Task<TableReleaseStore> NewStoreAsync() =>
        new(new TableServiceClient(await TestStorage.GetConnectionStringAsync()), TestNames.Unique("releases"), TimeProvider.System);
}
