using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

using ReleasePolicy.LocalHost.Hosting;

namespace ReleasePolicy.LocalHost.Storage;

/// <summary>
/// Starts the Azurite storage emulator from the repository's <c>node_modules</c> (pinned in package.json) on free
/// loopback ports, and stops exactly the process it started. Fails fast, with the fix in the message, when Node.js
/// or Azurite is missing.
/// </summary>
public sealed class AzuriteLauncher : IAsyncDisposable
{
    // Azurite's well-known development account; it is public and only ever used against the local emulator.
    private const string AccountName = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process process;
    private readonly string? temporaryLocation;

    private AzuriteLauncher(Process process, int blobPort, int queuePort, int tablePort, string? temporaryLocation)
    {
        this.process = process;
        this.temporaryLocation = temporaryLocation;
        this.ConnectionString =
            $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{blobPort}/{AccountName};" +
            $"QueueEndpoint=http://127.0.0.1:{queuePort}/{AccountName};" +
            $"TableEndpoint=http://127.0.0.1:{tablePort}/{AccountName};";
    }

    /// <summary>An explicit connection string to this emulator (never <c>UseDevelopmentStorage=true</c>, which means fixed ports).</summary>
    public string ConnectionString { get; }

    /// <summary>Finds <c>node_modules/azurite</c> in <paramref name="startDirectory"/> or any parent folder.</summary>
    public static string? FindAzuriteScript(string startDirectory)
    {
        for (DirectoryInfo? dir = new(startDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "node_modules", "azurite", "dist", "src", "azurite.js");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <param name="location">Folder for Azurite's data; null means a temporary folder deleted on dispose.</param>
    public static Task<AzuriteLauncher> StartAsync(string? location = null, CancellationToken cancellationToken = default) =>
        StartAsync(location, [AppContext.BaseDirectory, Environment.CurrentDirectory], cancellationToken);

    /// <param name="searchFrom">Folders in which (or above which) to look for node_modules/azurite.</param>
    internal static async Task<AzuriteLauncher> StartAsync(string? location, IReadOnlyList<string> searchFrom, CancellationToken cancellationToken)
    {
        string script = searchFrom.Select(FindAzuriteScript).FirstOrDefault(found => found is not null)
            ?? throw new InvalidOperationException(
                "Azurite was not found in node_modules. Run 'npm ci' in the repository root (Node.js 20+ is required), " +
                "or set ReleasePolicy__Storage__ConnectionString (AZURITE_CONNECTION_STRING for tests) to an existing storage account or emulator.");

        string? temporary = null;
        if (location is null)
        {
            temporary = Path.Combine(Path.GetTempPath(), "releasepolicy-azurite-" + Guid.NewGuid().ToString("N"));
            location = temporary;
        }

        Directory.CreateDirectory(location);
        int blobPort = LoopbackPort.Free();
        int queuePort = LoopbackPort.Free();
        int tablePort = LoopbackPort.Free();
        string[] azuriteArguments =
        [
            script, "--silent", "--disableTelemetry", "--skipApiVersionCheck", "--location", location,
            "--blobHost", "127.0.0.1", "--blobPort", blobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", queuePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", tablePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ];
        ProcessStartInfo start = OperatingSystem.IsWindows() ? Direct(azuriteArguments) : Watched(azuriteArguments);

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("Node.js did not start.");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException("Node.js ('node') is not on PATH; it is needed to run Azurite. Install Node.js 20+ and run 'npm ci'.", ex);
        }

        ProcessOutput output = ProcessOutput.Capture(process);

        var launcher = new AzuriteLauncher(process, blobPort, queuePort, tablePort, temporary);
        try
        {
            await WaitForPortsAsync(process, output, [blobPort, queuePort, tablePort], cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await launcher.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return launcher;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!this.process.HasExited)
            {
                this.process.Kill(entireProcessTree: true);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await this.process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (OperationCanceledException)
        {
            // It will be reaped with this process; nothing more to do.
        }

        this.process.Dispose();
        if (this.temporaryLocation is not null)
        {
            try
            {
                Directory.Delete(this.temporaryLocation, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }

    private static ProcessStartInfo Direct(string[] azuriteArguments)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in azuriteArguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>
    /// Runs Azurite under a small shell watchdog that stops it when this process is gone, so a host killed
    /// with SIGKILL (or a test runner that never runs exit handlers) leaves no emulator behind.
    /// </summary>
    private static ProcessStartInfo Watched(string[] azuriteArguments)
    {
        const string Watchdog =
            "node \"$@\" & child=$!; " +
            "trap 'kill $child 2>/dev/null; wait $child; exit 0' TERM INT; " +
            "while kill -0 \"$RELEASEPOLICY_PARENT_PID\" 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 1; done; " +
            "kill $child 2>/dev/null; wait $child";
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Watchdog);
        start.ArgumentList.Add("azurite-watchdog");
        foreach (string argument in azuriteArguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["RELEASEPOLICY_PARENT_PID"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return start;
    }

    private static async Task WaitForPortsAsync(Process process, ProcessOutput output, int[] ports, CancellationToken cancellationToken)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(30);
        foreach (int port in ports)
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"Azurite exited with code {process.ExitCode} before it was ready:{Environment.NewLine}{output.Text}");
                }

                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (SocketException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(100, cancellationToken).ConfigureAwait(false);
                }
                catch (SocketException)
                {
                    throw new TimeoutException($"Azurite did not open port {port} within 30 s:{Environment.NewLine}{output.Text}");
                }
            }
        }
    }
}
