using Azure.Data.Tables;
using ReleasePolicy.Deployment.Incidents;
using ReleasePolicy.IntegrationTests.Infrastructure;

namespace ReleasePolicy.IntegrationTests.Incidents;

/// <summary>The incidents table on Azurite: idempotent opening, the owing index, ETag-guarded filing, newest-first lists.</summary>
public sealed class TableIncidentStoreTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Open_SameIdTwice_KeepsTheFirstAndReturnsIt()
    {
        (TableIncidentStore store, _) = await NewStoreAsync();
        Incident first = Incident("rel-1", Noon);

        Incident opened = await store.OpenAsync(first);
        Incident again = await store.OpenAsync(first with { Reason = "a retried activity's other text", OpenedAt = Noon.AddMinutes(5) });

        Assert.Equal("inc-rel-1", opened.Id);
        Assert.Equal(first.Reason, again.Reason);
        Assert.Equal(Noon, again.OpenedAt);
        Assert.Equal(first.Reason, (await store.GetAsync("inc-rel-1"))!.Reason);
    }

    [Fact]
    public async Task OwingRootCause_OnlyThatServiceAndEnvironment_UntilFiled()
    {
        (TableIncidentStore store, _) = await NewStoreAsync();
        await store.OpenAsync(Incident("rel-a", Noon));
        await store.OpenAsync(Incident("rel-b", Noon.AddMinutes(1)));
        await store.OpenAsync(Incident("rel-staging", Noon, environment: "staging"));
        await store.OpenAsync(Incident("rel-orders", Noon, service: "orders-api"));
        await store.OpenAsync(Incident("rel-not-required", Noon) with { RootCauseAnalysisRequired = false });

        IReadOnlyList<Incident> before = await store.OwingRootCauseAsync("payments-api", "production");
        Incident filed = await store.FileRootCauseAsync("inc-rel-a", Analysis("bob"));
        IReadOnlyList<Incident> after = await store.OwingRootCauseAsync("payments-api", "production");

        Assert.Equal(["inc-rel-a", "inc-rel-b"], before.Select(i => i.Id));
        Assert.False(filed.OwesRootCauseAnalysis);
        Assert.Equal("bob", filed.RootCauseAnalysis!.FiledBy);
        Assert.Equal(["inc-rel-b"], after.Select(i => i.Id));
        Assert.Equal(["inc-rel-staging"], (await store.OwingRootCauseAsync("payments-api", "staging")).Select(i => i.Id));
    }

    [Fact]
    public async Task OwingRootCause_ReadsOneIndexPartition_NotEveryIncident()
    {
        (TableIncidentStore store, TableClient table) = await NewStoreAsync();
        await store.OpenAsync(Incident("rel-a", Noon));

        TableEntity index = (await table.GetEntityAsync<TableEntity>(TableIncidentStore.IndexPartition("payments-api", "production"), "inc-rel-a")).Value;

        Assert.True(index.GetBoolean("Owing"));
    }

    [Fact]
    public async Task OwingRootCause_StaleIndexAfterACrash_IsConfirmedAgainstTheIncidentAndRepaired()
    {
        (TableIncidentStore store, TableClient table) = await NewStoreAsync();
        await store.OpenAsync(Incident("rel-a", Noon));
        await store.FileRootCauseAsync("inc-rel-a", Analysis("bob"));
        // As if the process stopped after filing on the incident row but before the index row was updated.
        await table.UpsertEntityAsync(new TableEntity(TableIncidentStore.IndexPartition("payments-api", "production"), "inc-rel-a") { ["Owing"] = true }, TableUpdateMode.Replace);

        IReadOnlyList<Incident> owed = await store.OwingRootCauseAsync("payments-api", "production");

        Assert.Empty(owed);
        TableEntity repaired = (await table.GetEntityAsync<TableEntity>(TableIncidentStore.IndexPartition("payments-api", "production"), "inc-rel-a")).Value;
        Assert.False(repaired.GetBoolean("Owing"));
    }

    [Fact]
    public async Task FileRootCause_Twice_SecondIsRefusedAndTheFirstStands()
    {
        (TableIncidentStore store, _) = await NewStoreAsync();
        await store.OpenAsync(Incident("rel-a", Noon));
        await store.FileRootCauseAsync("inc-rel-a", Analysis("bob"));

        RootCauseAlreadyFiledException refused = await Assert.ThrowsAsync<RootCauseAlreadyFiledException>(() => store.FileRootCauseAsync("inc-rel-a", Analysis("frank")));

        Assert.Equal("bob", refused.Incident!.RootCauseAnalysis!.FiledBy);
        Assert.Equal("bob", (await store.GetAsync("inc-rel-a"))!.RootCauseAnalysis!.FiledBy);
    }

    [Fact]
    public async Task FileRootCause_ConcurrentFilings_ExactlyOneWins()
    {
        (TableIncidentStore store, _) = await NewStoreAsync();
        await store.OpenAsync(Incident("rel-a", Noon));
        string[] filers = Enumerable.Range(0, 8).Select(i => "owner-" + i).ToArray();

        Task<Incident>[] filings = filers.Select(f => Task.Run(() => store.FileRootCauseAsync("inc-rel-a", Analysis(f)))).ToArray();
        try
        {
            await Task.WhenAll(filings);
        }
        catch (RootCauseAlreadyFiledException)
        {
            // Expected for all but one; each task is inspected below.
        }

        Task<Incident> winner = Assert.Single(filings, t => t.IsCompletedSuccessfully);
        Assert.All(filings.Where(t => t != winner), t => Assert.IsType<RootCauseAlreadyFiledException>(t.Exception!.InnerException));
        Assert.Equal((await winner).RootCauseAnalysis!.FiledBy, (await store.GetAsync("inc-rel-a"))!.RootCauseAnalysis!.FiledBy);
    }

    [Fact]
    public async Task FileRootCause_UnknownIncident_Throws()
    {
        (TableIncidentStore store, _) = await NewStoreAsync();

        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.FileRootCauseAsync("inc-rel-nowhere", Analysis("bob")));
    }

    [Fact]
    public async Task RecordRollback_KeepsTheAnalysisAndSetsTheRtoOutcome()
    {
        (TableIncidentStore store, _) = await NewStoreAsync();
        await store.OpenAsync(Incident("rel-a", Noon));
        await store.FileRootCauseAsync("inc-rel-a", Analysis("bob"));

        Incident recorded = await store.RecordRollbackAsync("inc-rel-a", Noon.AddMinutes(40), rtoMet: false);

        Incident stored = (await store.GetAsync("inc-rel-a"))!;
        Assert.Equal((Noon.AddMinutes(40), false), (recorded.RolledBackAt!.Value, recorded.RtoMet!.Value));
        Assert.Equal((Noon.AddMinutes(40), false), (stored.RolledBackAt!.Value, stored.RtoMet!.Value));
        Assert.Equal("bob", stored.RootCauseAnalysis!.FiledBy);
    }

    [Fact]
    public async Task List_NewestFirst_FilteredByServiceAndOwing_WithinLimit()
    {
        (TableIncidentStore store, _) = await NewStoreAsync();
        await store.OpenAsync(Incident("rel-old", Noon));
        await store.OpenAsync(Incident("rel-new", Noon.AddHours(2)));
        await store.OpenAsync(Incident("rel-mid", Noon.AddHours(1)));
        await store.OpenAsync(Incident("rel-orders", Noon.AddHours(3), service: "orders-api"));
        await store.FileRootCauseAsync("inc-rel-mid", Analysis("bob"));

        IReadOnlyList<Incident> all = await store.ListAsync(null, null, 10);
        IReadOnlyList<Incident> payments = await store.ListAsync("payments-api", null, 2);
        IReadOnlyList<Incident> owing = await store.ListAsync("payments-api", owingRootCause: true, 10);
        IReadOnlyList<Incident> settled = await store.ListAsync(null, owingRootCause: false, 10);

        Assert.Equal(["inc-rel-orders", "inc-rel-new", "inc-rel-mid", "inc-rel-old"], all.Select(i => i.Id));
        Assert.Equal(["inc-rel-new", "inc-rel-mid"], payments.Select(i => i.Id));
        Assert.Equal(["inc-rel-new", "inc-rel-old"], owing.Select(i => i.Id));
        Assert.Equal(["inc-rel-mid"], settled.Select(i => i.Id));
    }

    [Fact]
    public async Task FileRootCause_LargestAnalysisWithNonAsciiText_RoundTrips()
    {
        (TableIncidentStore store, _) = await NewStoreAsync();
        await store.OpenAsync(Incident("rel-a", Noon));
        // Escaped as \uXXXX in JSON: about 200,000 characters, more than one table property holds.
        string findings = new('é', 8000);
        string[] actions = Enumerable.Range(0, 50).Select(i => i + new string('ü', 497)).ToArray();

        await store.FileRootCauseAsync("inc-rel-a", new RootCauseAnalysis(findings, actions, "bob", Noon, "incidents/inc-rel-a/rca.json"));

        Incident stored = (await store.GetAsync("inc-rel-a"))!;
        Assert.Equal(findings, stored.RootCauseAnalysis!.Findings);
        Assert.Equal(actions, stored.RootCauseAnalysis.Actions);
        Assert.Single(await store.ListAsync("payments-api", owingRootCause: false, 5));
    }

    internal static Incident Incident(string releaseId, DateTimeOffset openedAt, string service = "payments-api", string environment = "production") =>
        new(ReleasePolicy.Deployment.Incidents.Incident.IdFor(releaseId), releaseId, service, environment, "1.0.0", "errorRate", "error rate above 5% in 3 samples", openedAt, TimeSpan.FromMinutes(30), RootCauseAnalysisRequired: true);

    private static RootCauseAnalysis Analysis(string filedBy) =>
        new("Pool exhausted", ["Cap retries"], filedBy, Noon.AddDays(1), "incidents/x/rca.json") { Reference = "PRB-1" };

    private static async Task<(TableIncidentStore Store, TableClient Table)> NewStoreAsync()
    {
        TableClient table = new TableServiceClient(await TestStorage.GetConnectionStringAsync()).GetTableClient(TestNames.Unique("incidents"));
        return (new TableIncidentStore(table, TimeProvider.System), table);
    }
}
