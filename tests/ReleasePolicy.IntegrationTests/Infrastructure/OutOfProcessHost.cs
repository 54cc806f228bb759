using System.Diagnostics;
using System.Net;
using ReleasePolicy.LocalHost.Hosting;

namespace ReleasePolicy.IntegrationTests.Infrastructure;

/// <summary>
/// The local host as its own process, started exactly as a developer starts it, so a test can kill it (SIGKILL,
/// no clean shutdown) and start it again on the same storage.
/// </summary>
internal sealed class OutOfProcessHost : IAsyncDisposable
{
    private readonly Process process;
    private readonly ProcessOutput output;

    private OutOfProcessHost(Process process, ProcessOutput output, Uri baseAddress, HostSettings settings)
    {
        this.process = process;
        this.output = output;
        this.BaseAddress = baseAddress;
        this.Api = new ReleaseApiClient(baseAddress, settings.FunctionKey);
    }

    public Uri BaseAddress { get; }

    public ReleaseApiClient Api { get; }

    public string Output => this.output.Text;

    public static async Task<OutOfProcessHost> StartAsync(HostSettings settings)
    {
        string assembly = RepositoryPaths.LocalHostAssembly;
        Assert.True(File.Exists(assembly), $"Build the local host first: {assembly} is missing.");
        int port = LoopbackPort.Free();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assembly);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach ((string key, string? value) in settings.AsConfiguration())
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start)!;
        ProcessOutput output = ProcessOutput.Capture(process);
        var host = new OutOfProcessHost(process, output, new Uri($"http://127.0.0.1:{port}"), settings);
        await host.WaitUntilServingAsync();
        return host;
    }

    /// <summary>Waits for the process to end by itself (an injected crash, say).</summary>
    public async Task WaitForExitAsync(TimeSpan deadline)
    {
        await this.process.WaitForExitAsync().WaitAsync(deadline);
    }

    /// <summary>Ends the process at once, as a crash or an evicted instance would: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        if (!this.process.HasExited)
        {
            this.process.Kill(entireProcessTree: true);
            await this.process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        this.Api.Dispose();
        await this.KillAsync();
        this.process.Dispose();
    }

    private async Task WaitUntilServingAsync()
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (this.process.HasExited)
            {
                Assert.Fail($"The local host exited with code {this.process.ExitCode}:{Environment.NewLine}{this.Output}");
            }

            try
            {
                using HttpResponseMessage response = await this.Api.Http.GetAsync("/api/releases?limit=1");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        Assert.Fail($"The local host did not start serving within 90 s:{Environment.NewLine}{this.Output}");
    }
}
