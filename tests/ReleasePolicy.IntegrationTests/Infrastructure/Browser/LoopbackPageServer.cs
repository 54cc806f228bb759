using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ReleasePolicy.Approvals.Presentation;

namespace ReleasePolicy.IntegrationTests.Infrastructure.Browser;

/// <summary>
/// A tiny Kestrel on a free loopback port that serves HTML the way the approval routes do (same security headers),
/// and records every form it receives, so a browser test can check what a click really posted.
/// </summary>
internal sealed class LoopbackPageServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private LoopbackPageServer(WebApplication app, Uri baseAddress)
    {
        this.app = app;
        this.BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Every form posted, in order, as field name → value.</summary>
    public ConcurrentQueue<IReadOnlyDictionary<string, string>> PostedForms { get; } = new();

    /// <param name="getPage">The HTML for a GET of a path.</param>
    /// <param name="postPage">The HTML answering a POSTed form (already recorded in <see cref="PostedForms"/>).</param>
    public static async Task<LoopbackPageServer> StartAsync(
        Func<string, string> getPage,
        Func<string, IReadOnlyDictionary<string, string>, string> postPage)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        LoopbackPageServer? server = null;
        app.Run(async context =>
        {
            string html;
            if (HttpMethods.IsPost(context.Request.Method))
            {
                var form = await context.Request.ReadFormAsync(context.RequestAborted);
                IReadOnlyDictionary<string, string> fields = form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
                server!.PostedForms.Enqueue(fields);
                html = postPage(context.Request.Path, fields);
            }
            else
            {
                html = getPage(context.Request.Path);
            }

            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.Headers.ContentSecurityPolicy = ApproverPageRenderer.ContentSecurityPolicy;
            context.Response.Headers["Referrer-Policy"] = ApproverPageRenderer.ReferrerPolicy;
            await context.Response.WriteAsync(html, context.RequestAborted);
        });
        await app.StartAsync();
        server = new LoopbackPageServer(app, new Uri(app.Urls.Single()));
        return server;
    }

    public Uri Url(string path) => new(this.BaseAddress, path);

    public async ValueTask DisposeAsync()
    {
        await this.app.StopAsync();
        await this.app.DisposeAsync();
    }
}
