using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using ReleasePolicy.LocalHost.Hosting;

namespace ReleasePolicy.IntegrationTests.Infrastructure;

/// <summary>The local host in this test process, on a free port, with the test's own hub and tables.</summary>
internal sealed class InProcessHost : IAsyncDisposable
{
    private InProcessHost(LocalHostApp app, HostSettings settings)
    {
        this.App = app;
        this.Settings = settings;
        this.Api = new ReleaseApiClient(app.BaseAddress, settings.FunctionKey);
    }

    public LocalHostApp App { get; }

    public HostSettings Settings { get; }

    public ReleaseApiClient Api { get; }

    /// <param name="configure">Runs after the test configuration, e.g. to add a logging provider.</param>
    public static async Task<InProcessHost> StartAsync(HostSettings? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        settings ??= await HostSettings.CreateAsync();
        using var startup = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        // A concrete port rather than 0: approval mails carry links to this host, so it must know its address up front.
        LocalHostApp app = await LocalHostApp.StartAsync(
            ["--urls", $"http://127.0.0.1:{LoopbackPort.Free()}"],
            builder =>
            {
                builder.Configuration.AddInMemoryCollection(settings.AsConfiguration());
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
                configure?.Invoke(builder);
            },
            startup.Token);
        return new InProcessHost(app, settings);
    }

    public async ValueTask DisposeAsync()
    {
        this.Api.Dispose();
        await this.App.DisposeAsync();
        await TestStorageCleanup.DeleteAsync(this.Settings);
    }
}
