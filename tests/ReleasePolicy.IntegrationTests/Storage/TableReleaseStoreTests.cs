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
        // Whatever order the writes landed in, the furthest stage wins.
        Assert.Equal((ReleaseStage.Deployment, ReleaseStatus.InProgress), (stored.Stage, stored.Status));
    }

    [Fact]
    public async Task ApplyAsync_LateWriteForAnEarlierStage_DoesNotMoveTheReleaseBack()
    {
        TableReleaseStore store = await NewStoreAsync();
        ReleaseRecord record = Record("key-late", "late");
        await store.TryCreateAsync(record);
        await store.ApplyAsync(new ReleaseProgress(record.Id, ReleaseStage.Scheduling, ReleaseStatus.InProgress, Decision(ReleaseStage.Approval, "approved")));

        await store.ApplyAsync(new ReleaseProgress(record.Id, ReleaseStage.Readiness, ReleaseStatus.InProgress, null));
        await store.ApplyAsync(new ReleaseProgress(record.Id, ReleaseStage.Approval, ReleaseStatus.InProgress, Decision(ReleaseStage.Readiness, "passed")));
        ReleaseRecord stored = (await store.GetAsync(record.Id))!;

        Assert.Equal((ReleaseStage.Scheduling, ReleaseStatus.InProgress), (stored.Stage, stored.Status));
        // The late write's missing decision is still kept: it is history, not position.
        Assert.Equal([ReleaseStage.Approval, ReleaseStage.Readiness], stored.Decisions.Select(d => d.Stage));
    }

    [Fact]
    public async Task ApplyAsync_AfterTheReleaseFinished_ChangesNothing()
    {
        TableReleaseStore store = await NewStoreAsync();
        ReleaseRecord record = Record("key-finished", "finished");
        await store.TryCreateAsync(record);
        await store.ApplyAsync(new ReleaseProgress(record.Id, ReleaseStage.Done, ReleaseStatus.Rejected, Decision(ReleaseStage.Readiness, "rejected")));
        ReleaseRecord finished = (await store.GetAsync(record.Id))!;

        await store.ApplyAsync(new ReleaseProgress(record.Id, ReleaseStage.Done, ReleaseStatus.Failed, Decision(ReleaseStage.Readiness, "failed")));
        await store.ApplyAsync(new ReleaseProgress(record.Id, ReleaseStage.Approval, ReleaseStatus.InProgress, Decision(ReleaseStage.Approval, "approved")));
        ReleaseRecord stored = (await store.GetAsync(record.Id))!;

        Assert.Equal((ReleaseStage.Done, ReleaseStatus.Rejected), (stored.Stage, stored.Status));
        Assert.Equal("rejected", Assert.Single(stored.Decisions).Outcome);
        Assert.Equal(finished.UpdatedAt, stored.UpdatedAt);
    }

    [Fact]
    public async Task TryCreateAsync_RetryAfterACrashBetweenPointerAndRow_HealsAndListsTheReleaseOnce()
    {
        string tableName = TestNames.Unique("releases");
        var service = new TableServiceClient(await TestStorage.GetConnectionStringAsync());
        TableReleaseStore store = new(service, tableName, TimeProvider.System);
        ReleaseRecord record = Record("key-heal", "heal");
        await service.GetTableClient(tableName).CreateIfNotExistsAsync();
        // What a crash after the first write leaves behind: the pointer, no row.
        await service.GetTableClient(tableName).AddEntityAsync(new TableEntity(record.Id, "pointer")
        {
            ["IndexRow"] = ReleaseIndexKeys.RowKeyFor(record.Id, record.CreatedAt),
            ["CreatedAt"] = record.CreatedAt,
        });
        Assert.Null(await store.GetAsync(record.Id));

        bool created = await store.TryCreateAsync(record with { CreatedAt = record.CreatedAt.AddSeconds(5) });
        bool again = await store.TryCreateAsync(record);

        Assert.True(created);
        Assert.False(again);
        Assert.Equal(record.CreatedAt, (await store.GetAsync(record.Id))!.CreatedAt);
        ReleaseSummary listed = Assert.Single((await store.ListAsync(new ReleaseQuery())).Items);
        Assert.Equal(record.Id, listed.Id);
    }

    [Fact]
    public async Task ListAsync_MoreReleasesThanLimit_PagesNewestFirstThroughEveryReleaseOnce()
    {
        TableReleaseStore store = await NewStoreAsync();
        DateTimeOffset start = DateTimeOffset.UtcNow;
        ReleaseRecord[] records = Enumerable.Range(0, 23)
            .Select(i => Record($"key-page-{i}", $"page {i}") with { CreatedAt = start.AddSeconds(i), Service = i % 2 == 0 ? "payments-api" : "orders-api" })
            .ToArray();
        await Task.WhenAll(records.Select(r => store.TryCreateAsync(r)));

        List<ReleaseSummary> all = await ReadAllAsync(store, new ReleaseQuery(Limit: 5));
        List<ReleaseSummary> payments = await ReadAllAsync(store, new ReleaseQuery(Service: "payments-api", Status: ReleaseStatus.Submitted, Limit: 4));

        Assert.Equal(records.Reverse().Select(r => r.Id), all.Select(s => s.Id));
        Assert.Equal(records.Where(r => r.Service == "payments-api").Reverse().Select(r => r.Id), payments.Select(s => s.Id));
    }

    [Fact]
    public async Task ListAsync_TokenItDidNotIssue_IsRefused()
    {
        TableReleaseStore store = await NewStoreAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => store.ListAsync(new ReleaseQuery(ContinuationToken: "bm90LWEtdG9rZW4")));
    }

    private static async Task<List<ReleaseSummary>> ReadAllAsync(TableReleaseStore store, ReleaseQuery first)
    {
        var seen = new List<ReleaseSummary>();
        ReleaseQuery? query = first;
        for (int pages = 0; query is not null; pages++)
        {
            Assert.True(pages < 50, "Paging did not end.");
            ReleasePage page = await store.ListAsync(query);
            Assert.True(page.Items.Count <= first.Limit);
            Assert.True(page.ContinuationToken is null || page.Items.Count == first.Limit, "A page before the last one is full.");
            seen.AddRange(page.Items);
            query = page.ContinuationToken is { } next ? query with { ContinuationToken = next } : null;
        }

        return seen;
    }

    private static StageDecision Decision(ReleaseStage stage, string outcome) => new(stage, outcome, outcome, DateTimeOffset.UtcNow);

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
