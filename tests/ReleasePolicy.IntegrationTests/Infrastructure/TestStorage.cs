using ReleasePolicy.LocalHost.Storage;

namespace ReleasePolicy.IntegrationTests.Infrastructure;

/// <summary>
/// The one storage endpoint of a test run: <c>AZURITE_CONNECTION_STRING</c> when set (an emulator or account you
/// run yourself), else one Azurite from the repository's node_modules, started on first use and stopped when the
/// test process exits. Tests isolate themselves by unique task hub, table and container names, not by emulator.
/// </summary>
internal static class TestStorage
{
    public const string OverrideVariable = "AZURITE_CONNECTION_STRING";

    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>True when the run uses storage it did not start (and so must clean up after each host).</summary>
    public static bool IsExternal => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(OverrideVariable));
    private static string? connectionString;
    private static AzuriteLauncher? launcher;

    public static async Task<string> GetConnectionStringAsync()
    {
        if (connectionString is not null)
        {
            return connectionString;
        }

        await Gate.WaitAsync();
        try
        {
            if (connectionString is null)
            {
                string? configured = Environment.GetEnvironmentVariable(OverrideVariable);
                if (!string.IsNullOrWhiteSpace(configured))
                {
                    connectionString = configured;
                }
                else
                {
                    using var startup = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                    launcher = await AzuriteLauncher.StartAsync(location: null, startup.Token);
                    AppDomain.CurrentDomain.ProcessExit += (_, _) => launcher.DisposeAsync().AsTask().GetAwaiter().GetResult();
                    connectionString = launcher.ConnectionString;
                }
            }

            return connectionString;
        }
        finally
        {
            Gate.Release();
        }
    }
}
