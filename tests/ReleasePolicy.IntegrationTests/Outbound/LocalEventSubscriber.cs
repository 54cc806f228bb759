using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ReleasePolicy.IntegrationTests.Outbound;

/// <summary>
/// A subscriber endpoint for the real <c>EventGridPublisherClient</c>: Kestrel on a loopback port, every POST recorded
/// with its headers and body, answering 200 (or the status a test sets, to see a failed send).
/// </summary>
internal sealed class LocalEventSubscriber : IAsyncDisposable
{
    private readonly object gate = new();
    private readonly List<ReceivedPost> posts = [];
    private readonly WebApplication app;

    private LocalEventSubscriber(WebApplication app) => this.app = app;

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>What the next posts are answered with.</summary>
    public int Status { get; set; } = StatusCodes.Status200OK;

    public IReadOnlyList<ReceivedPost> Posts
    {
        get { lock (this.gate) { return this.posts.ToArray(); } }
    }

    public static async Task<LocalEventSubscriber> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        WebApplication app = builder.Build();
        var subscriber = new LocalEventSubscriber(app);
        app.MapPost("/api/events", subscriber.ReceiveAsync);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        subscriber.Endpoint = new Uri(new Uri(address), "/api/events");
        return subscriber;
    }

    public async ValueTask DisposeAsync()
    {
        await this.app.StopAsync();
        await this.app.DisposeAsync();
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        string body = await new StreamReader(context.Request.Body, Encoding.UTF8).ReadToEndAsync(context.RequestAborted);
        lock (this.gate)
        {
            this.posts.Add(new ReceivedPost(
                context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal),
                context.Request.ContentType,
                body));
        }

        context.Response.StatusCode = this.Status;
    }
}

/// <param name="Headers">By lower-case name.</param>
internal sealed record ReceivedPost(IReadOnlyDictionary<string, string> Headers, string? ContentType, string Body);
