using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using ReleasePolicy.Functions;
using ReleasePolicy.LocalHost.Durable;
using ReleasePolicy.LocalHost.Functions;
using ReleasePolicy.LocalHost.Storage;

namespace ReleasePolicy.LocalHost.Hosting;

/// <summary>
/// The Functions app, run as a plain .NET process: its <c>[Function]</c> classes served over HTTP and as durable
/// tasks, on the Durable Task engine's Azure Storage provider, on Azurite (started here unless storage is given).
/// </summary>
public sealed class LocalHostApp : IAsyncDisposable
{
    public const string DefaultUrl = "http://127.0.0.1:7071";

    private readonly AzuriteLauncher? azurite;
    private readonly LocalDurableRuntime runtime;

    private LocalHostApp(WebApplication app, LocalDurableRuntime runtime, AzuriteLauncher? azurite, FunctionHostingPlan plan, string storageConnectionString)
    {
        this.App = app;
        this.runtime = runtime;
        this.azurite = azurite;
        this.Plan = plan;
        this.StorageConnectionString = storageConnectionString;
    }

    public WebApplication App { get; }

    internal FunctionHostingPlan Plan { get; }

    public string StorageConnectionString { get; }

    /// <summary>The address the API actually listens on (useful when started with port 0).</summary>
    public Uri BaseAddress
    {
        get
        {
            string address = this.App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("//localhost", "//127.0.0.1", StringComparison.Ordinal));
        }
    }

    /// <summary>Builds and starts the host: storage, durable engine, then the web app and the durable worker.</summary>
    /// <param name="configure">Lets tests add configuration or replace services before the host is built.</param>
    public static async Task<LocalHostApp> StartAsync(string[] args, Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        LocalDevelopmentDefaults.AddTo(builder.Configuration);
        ProtocolProblems.RaiseServerLimits(builder.WebHost);
        configure?.Invoke(builder);
        LocalDevelopmentDefaults.LinkToListeningAddress(builder.Configuration);
        RequestTextLogging.PinPathEchoingCategories(builder.Logging);
        FunctionHostingPlan plan = FunctionHostingPlan.For(typeof(ServiceRegistration).Assembly);
        if (plan.Problems.Count > 0)
        {
            throw new InvalidOperationException("Some functions cannot be hosted locally:" + Environment.NewLine + string.Join(Environment.NewLine, plan.Problems));
        }

        using ILoggerFactory bootstrapLogging = LoggerFactory.Create(logging => logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Information));
        ILogger log = bootstrapLogging.CreateLogger<LocalHostApp>();
        AzuriteLauncher? azurite = null;
        string? connectionString = builder.Configuration["ReleasePolicy:Storage:ConnectionString"];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            string location = builder.Configuration["ReleasePolicy:Storage:AzuriteLocation"] ?? DefaultAzuriteLocation();
            azurite = await AzuriteLauncher.StartAsync(location, cancellationToken).ConfigureAwait(false);
            connectionString = azurite.ConnectionString;
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ReleasePolicy:Storage:ConnectionString"] = connectionString });
            log.LogInformation("Started Azurite with data in {Location}", location);
        }

        if (string.IsNullOrWhiteSpace(builder.Configuration["ReleasePolicy:Evidence:SigningKeyPem"])
            && string.IsNullOrWhiteSpace(builder.Configuration["ReleasePolicy:Evidence:SigningKeyPath"]))
        {
            // Generated on first use beside the local data, so every local run signs with the same key.
            string keyFolder = builder.Configuration["ReleasePolicy:Storage:AzuriteLocation"] ?? DefaultAzuriteLocation();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ReleasePolicy:Evidence:SigningKeyPath"] = Path.Combine(keyFolder, "evidence-signing-key.pem"),
            });
        }

        var durableOptions = new LocalDurableOptions();
        builder.Configuration.GetSection("ReleasePolicy:Durable").Bind(durableOptions);
        LocalDurableRuntime runtime;
        try
        {
            runtime = await LocalDurableRuntime.StartAsync(connectionString, durableOptions, LoggerFactory.Create(l => l.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning)), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            if (azurite is not null)
            {
                await azurite.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }

        builder.Services.AddReleasePolicy(builder.Configuration);

        // The Functions ASP.NET Core integration executes MVC action results (ContentResult, ObjectResult…).
        builder.Services.AddMvcCore();
        builder.Services.AddDurableTaskWorker(worker =>
        {
            worker.AddTasks(registry => registry.AddFunctions(plan));
            worker.UseGrpc(runtime.Channel);
        });
        builder.Services.AddDurableTaskClient(client =>
        {
            client.UseGrpc(runtime.Channel);
            client.RegisterDirectly();
        });

        builder.Services.AddSingleton(plan);
        builder.Services.AddHostedService<TimerFunctionScheduler>();
        WebApplication app = builder.Build();
        app.UseExceptionHandler(errors => errors.Run(ProblemResponse.WriteUnhandledAsync));
        ProtocolProblems.Use(app);
        app.MapHttpFunctions(plan);
        var host = new LocalHostApp(app, runtime, azurite, plan, connectionString);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        log.LogInformation(
            "ReleasePolicy local host: {Count} functions on {Urls}, task hub {TaskHub}",
            plan.Functions.Count,
            string.Join(", ", app.Urls),
            durableOptions.TaskHub);
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await this.App.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            await this.App.DisposeAsync().ConfigureAwait(false);
            await this.runtime.DisposeAsync().ConfigureAwait(false);
            if (this.azurite is not null)
            {
                await this.azurite.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static string DefaultAzuriteLocation()
    {
        string? script = AzuriteLauncher.FindAzuriteScript(AppContext.BaseDirectory) ?? AzuriteLauncher.FindAzuriteScript(Environment.CurrentDirectory);
        string root = script is null ? Environment.CurrentDirectory : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(script)!, "..", "..", "..", ".."));
        return Path.Combine(root, ".azurite");
    }
}
