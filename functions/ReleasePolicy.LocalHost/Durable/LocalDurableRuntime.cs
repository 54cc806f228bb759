using System.Net;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ReleasePolicy.LocalHost.Durable;

/// <summary>
/// The Durable Task engine as Durable Functions runs it in Azure (Azure Storage provider), exposed through the
/// in-process gRPC sidecar so the same worker and client packages the Functions extension uses can talk to it.
/// </summary>
public sealed class LocalDurableRuntime : IAsyncDisposable
{
    private readonly WebApplication sidecar;
    private readonly SidecarCompatibleOrchestrationService decorated;

    private LocalDurableRuntime(WebApplication sidecar, SidecarCompatibleOrchestrationService decorated, GrpcChannel channel, Uri address)
    {
        this.sidecar = sidecar;
        this.decorated = decorated;
        this.Channel = channel;
        this.Address = address;
    }

    /// <summary>The channel that the Durable Task worker and client connect through.</summary>
    /// <summary>Largest message between the sidecar and the worker.</summary>
    public const int MaxMessageBytes = 64 * 1024 * 1024;

    public GrpcChannel Channel { get; }

    public Uri Address { get; }

    public static async Task<LocalDurableRuntime> StartAsync(
        string storageConnectionString,
        LocalDurableOptions options,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(storageConnectionString);
        ArgumentNullException.ThrowIfNull(options);
        var settings = new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(storageConnectionString),
            TaskHubName = options.TaskHub,
            PartitionCount = 1,
            MaxQueuePollingInterval = options.MaxQueuePollingInterval,
            WorkItemQueueVisibilityTimeout = options.ActivityVisibilityTimeout,
            ControlQueueVisibilityTimeout = options.ControlQueueVisibilityTimeout,
            LoggerFactory = loggerFactory,
        };
        var storage = new AzureStorageOrchestrationService(settings);
        await storage.CreateIfNotExistsAsync().ConfigureAwait(false);
        var decorated = new SidecarCompatibleOrchestrationService(
            storage,
            TimeSpan.FromTicks(options.ActivityVisibilityTimeout.Ticks / 4),
            loggerFactory.CreateLogger<SidecarCompatibleOrchestrationService>());

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        // gRPC's 4 MB default is smaller than a work item for a release at the evidence limits (its 2 MiB body is
        // carried, JSON-escaped, in the orchestration and activity inputs): raise it on both ends of the channel.
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = MaxMessageBytes;
            grpc.MaxSendMessageSize = MaxMessageBytes;
        });
        builder.Services.AddSingleton<IOrchestrationService>(options.RepairSidecarDefects ? decorated : storage);

        // Queries and purges go straight to the provider: the sidecar looks for its query and purge interfaces.
        builder.Services.AddSingleton<IOrchestrationServiceClient>(storage);
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        WebApplication sidecar = builder.Build();
        sidecar.MapGrpcService<TaskHubGrpcServer>();
        await sidecar.StartAsync(cancellationToken).ConfigureAwait(false);

        string bound = sidecar.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var address = new Uri(bound.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { MaxReceiveMessageSize = MaxMessageBytes, MaxSendMessageSize = MaxMessageBytes });
        return new LocalDurableRuntime(sidecar, decorated, channel, address);
    }

    public async ValueTask DisposeAsync()
    {
        await this.sidecar.StopAsync().ConfigureAwait(false);
        await this.sidecar.DisposeAsync().ConfigureAwait(false);
        this.Channel.Dispose();
        await this.decorated.DisposeAsync().ConfigureAwait(false);
    }
}
