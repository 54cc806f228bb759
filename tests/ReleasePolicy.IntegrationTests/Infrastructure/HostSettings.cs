namespace ReleasePolicy.IntegrationTests.Infrastructure;

/// <summary>The configuration one test's host runs with: its own hub and table on the shared emulator.</summary>
internal sealed record HostSettings(string StorageConnectionString, string TaskHub, string ReleasesTable, string PolicyContainer, string FunctionKey, string AdminKey, TimeSpan BakeTime)
{
    public static async Task<HostSettings> CreateAsync(TimeSpan? bakeTime = null) => new(
        await TestStorage.GetConnectionStringAsync(),
        TestNames.Unique("hub"),
        TestNames.Unique("releases"),
        TestNames.Unique("policies"),
        "test-key-" + Guid.NewGuid().ToString("N"),
        "admin-key-" + Guid.NewGuid().ToString("N"),
        bakeTime ?? TimeSpan.Zero);

    /// <summary>As configuration keys (the same names work as environment variables with '__' for ':').</summary>
    public IReadOnlyDictionary<string, string?> AsConfiguration() => new Dictionary<string, string?>
    {
        ["ReleasePolicy:Storage:ConnectionString"] = this.StorageConnectionString,
        ["ReleasePolicy:Storage:ReleasesTable"] = this.ReleasesTable,
        ["ReleasePolicy:Durable:TaskHub"] = this.TaskHub,
        ["ReleasePolicy:Policy:Container"] = this.PolicyContainer,
        ["ReleasePolicy:Storage:SubmissionsContainer"] = this.PolicyContainer + "-submissions",
        ["ReleasePolicy:FunctionKey"] = this.FunctionKey,
        ["ReleasePolicy:AdminKey"] = this.AdminKey,
        ["ReleasePolicy:Workflow:BakeTime"] = this.BakeTime.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
    };
}
