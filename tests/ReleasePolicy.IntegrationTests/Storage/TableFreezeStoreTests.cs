using Azure.Data.Tables;
using ReleasePolicy.Calendar;
using ReleasePolicy.Calendar.Store;
using ReleasePolicy.IntegrationTests.Infrastructure;
using ReleasePolicy.Policy;

namespace ReleasePolicy.IntegrationTests.Storage;

/// <summary>Ad-hoc freezes on Azurite: create-only by id, a retried add is a no-op, a different one a conflict.</summary>
public sealed class TableFreezeStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ListAsync_Range_ReturnsTheFreezesOverlappingItByStart()
    {
        (TableFreezeStore store, _) = await NewStoreAsync();
        await store.AddAsync(Freeze("adhoc-late", T0.AddHours(5), T0.AddHours(6)));
        await store.AddAsync(Freeze("adhoc-early", T0, T0.AddHours(2)));
        await store.AddAsync(Freeze("adhoc-before", T0.AddHours(-3), T0));

        IReadOnlyList<AdHocFreeze> freezes = await store.ListAsync(new TimeRange(T0.AddHours(1), T0.AddHours(5).AddMinutes(1)));

        Assert.Equal(["adhoc-early", "adhoc-late"], freezes.Select(f => f.Id));
        Assert.Equal(["payments-api"], freezes[0].Services);
        Assert.Equal([ReleaseType.Emergency], freezes[0].AllowedReleaseTypes);
    }

    [Fact]
    public async Task AddAsync_SameFreezeAgain_IsANoOp()
    {
        (TableFreezeStore store, TableClient table) = await NewStoreAsync();
        AdHocFreeze freeze = Freeze("adhoc-1", T0, T0.AddHours(2));
        await store.AddAsync(freeze);
        string etag = Assert.Single(table.Query<TableEntity>()).ETag.ToString();

        // A retried request: the same freeze, stamped a moment later and written with another offset.
        await store.AddAsync(freeze with { CreatedAt = freeze.CreatedAt.AddSeconds(3), Start = freeze.Start.ToOffset(TimeSpan.FromHours(1)) });

        Assert.Equal(etag, Assert.Single(table.Query<TableEntity>()).ETag.ToString());
    }

    [Fact]
    public async Task AddAsync_DifferentFreezeWithTheSameId_IsAConflictAndKeepsTheFirst()
    {
        (TableFreezeStore store, _) = await NewStoreAsync();
        AdHocFreeze freeze = Freeze("adhoc-1", T0, T0.AddHours(2));
        await store.AddAsync(freeze);

        FreezeConflictException conflict = await Assert.ThrowsAsync<FreezeConflictException>(
            () => store.AddAsync(freeze with { End = T0.AddHours(4) }));

        Assert.Equal("adhoc-1", conflict.FreezeId);
        Assert.Equal(T0.AddHours(2), Assert.Single(await store.ListAsync(new TimeRange(T0, T0.AddDays(1)))).End);
    }

    [Fact]
    public async Task AddAsync_EndNotAfterStart_IsRefusedAndWritesNothing()
    {
        (TableFreezeStore store, TableClient table) = await NewStoreAsync();
        await table.CreateIfNotExistsAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => store.AddAsync(Freeze("adhoc-1", T0, T0)));

        Assert.Empty(table.Query<TableEntity>());
    }

    private static AdHocFreeze Freeze(string id, DateTimeOffset start, DateTimeOffset end) =>
        new(id, "Incident 4711", start, end, ["production"], ["payments-api"], [], [ReleaseType.Emergency], "oncall@example.com", T0.AddHours(-1));

    private static async Task<(TableFreezeStore Store, TableClient Table)> NewStoreAsync()
    {
        var service = new TableServiceClient(await TestStorage.GetConnectionStringAsync());
        TableClient table = service.GetTableClient(TestNames.Unique("calendar"));
        return (new TableFreezeStore(table), table);
    }
}
