using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using ReleasePolicy.LocalHost.Hosting;
using ReleasePolicy.LocalHost.Storage;

namespace ReleasePolicy.IntegrationTests.Hosting;

/// <summary>The local host looks after Azurite itself when no storage is configured, and says how to fix it when it can't.</summary>
public sealed class LocalHostStorageTests
{
    [Fact]
    public async Task LocalHost_NoStorageConfigured_StartsAzuriteAndStopsItOnExit()
    {
        string location = Path.Combine(Path.GetTempPath(), "rp-azurite-" + Guid.NewGuid().ToString("N"));
        Uri blobEndpoint;
        await using (LocalHostApp host = await LocalHostApp.StartAsync(
            ["--urls", "http://127.0.0.1:0"],
            builder =>
            {
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["ReleasePolicy:Storage:AzuriteLocation"] = location,
                    ["ReleasePolicy:Durable:TaskHub"] = "hub" + Guid.NewGuid().ToString("N")[..12],
                    ["ReleasePolicy:ApiKeys:pipeline:Secret"] = "storage-test-key-0123456789",
                });
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
            }))
        {
            blobEndpoint = new Uri(host.StorageConnectionString.Split(';').Single(p => p.StartsWith("BlobEndpoint=", StringComparison.Ordinal))["BlobEndpoint=".Length..]);
            using var http = new HttpClient { BaseAddress = host.BaseAddress };
            http.DefaultRequestHeaders.Add("x-functions-key", "storage-test-key-0123456789");
            using HttpResponseMessage policy = await http.GetAsync("/api/policy");

            Assert.Equal(HttpStatusCode.OK, policy.StatusCode);
            Assert.True(await IsListeningAsync(blobEndpoint.Port));
            Assert.True(AnyProcessUses(location), "No Azurite process runs on the location the host was given.");
            Assert.True(Directory.Exists(location));
        }

        // The process, not the port: in a parallel run another test may bind the freed port at once.
        Assert.True(await NoProcessUsesAsync(location), "Azurite still runs after the host stopped.");
        Directory.Delete(location, recursive: true);
    }

    [Fact]
    public async Task AzuriteLauncher_NotInstalled_FailsFastSayingHowToFixIt()
    {
        string empty = Directory.CreateTempSubdirectory("rp-no-node-modules-").FullName;

        InvalidOperationException error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => AzuriteLauncher.StartAsync(location: null, searchFrom: [empty], CancellationToken.None));

        Assert.Contains("npm ci", error.Message, StringComparison.Ordinal);
        Assert.Contains("AZURITE_CONNECTION_STRING", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Whether, within a few seconds, no process has <paramref name="location"/> on its command line.</summary>
    private static async Task<bool> NoProcessUsesAsync(string location)
    {
        for (int attempt = 0; attempt < 50 && AnyProcessUses(location); attempt++)
        {
            await Task.Delay(100);
        }

        return !AnyProcessUses(location);
    }

    /// <summary>Whether a running process has <paramref name="location"/> on its command line (Linux /proc).</summary>
    private static bool AnyProcessUses(string location) =>
        Directory.EnumerateDirectories("/proc")
            .Where(d => int.TryParse(Path.GetFileName(d), out _))
            .Any(d =>
            {
                try
                {
                    return File.ReadAllText(Path.Combine(d, "cmdline")).Contains(location, StringComparison.Ordinal);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    return false; // the process ended while we looked
                }
            });

    private static async Task<bool> IsListeningAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
