namespace ReleasePolicy.IntegrationTests.Infrastructure;

/// <summary>Unique, storage-legal names so every test owns its task hub, tables and containers.</summary>
internal static class TestNames
{
    /// <summary>Task hubs and tables: letters and digits, starting with a letter, short enough for the provider's suffixes.</summary>
    public static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..12];
}
