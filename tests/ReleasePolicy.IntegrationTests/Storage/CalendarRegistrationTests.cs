using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ReleasePolicy.Calendar;
using ReleasePolicy.Functions;
using ReleasePolicy.IntegrationTests.Infrastructure;
using ReleasePolicy.Policy;

namespace ReleasePolicy.IntegrationTests.Storage;

/// <summary>The app's registration: both calendar stores share the configured table, created on first use.</summary>
public sealed class CalendarRegistrationTests
{
    [Fact]
    public async Task AddReleasePolicy_CalendarTableSetting_BothStoresUseThatTable()
    {
        string connectionString = await TestStorage.GetConnectionStringAsync();
        string tableName = TestNames.Unique("calendar");
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ReleasePolicy:Storage:ConnectionString"] = connectionString,
            ["ReleasePolicy:Calendar:Table"] = tableName,
        }).Build();
        await using ServiceProvider services = new ServiceCollection().AddLogging().AddReleasePolicy(configuration).BuildServiceProvider();
        DateTimeOffset at = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
        var request = new SlotRequest("rel-a", "production", "payments-api", null, ReleaseType.Minor, TimeSpan.FromMinutes(30), at, []);

        await services.GetRequiredService<ICalendarStore>().BookAsync(
            new BookingAttempt(request, 0, new TimeRange(at, at.AddDays(1))), CalendarTestSearch.EarliestFree(request));
        await services.GetRequiredService<IFreezeStore>().AddAsync(
            new AdHocFreeze("adhoc-1", "Incident", at, at.AddHours(1), [], [], [], [], "oncall", at));

        TableEntity[] rows = [.. new TableServiceClient(connectionString).GetTableClient(tableName).Query<TableEntity>()];
        Assert.Equal(["bookings", "freezes"], rows.Select(r => r.PartitionKey).Distinct().Order(StringComparer.Ordinal));
    }
}
