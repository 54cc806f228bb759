using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security;
using System.Text;
using System.Web;
using ReleasePolicy.LocalHost.Hosting;

namespace ReleasePolicy.IntegrationTests.Evidence;

/// <summary>
/// A tiny stand-in for the Blob REST API of an account WITH immutability support (which Azurite lacks): it keeps
/// blobs in memory, answers the few operations the evidence store uses, and records every request's headers.
/// </summary>
internal sealed class BlobRestStub : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentDictionary<string, byte[]> blobs = new(StringComparer.Ordinal);
    private readonly Task loop;

    public BlobRestStub()
    {
        this.Port = LoopbackPort.Free();
        this.listener.Prefixes.Add($"http://127.0.0.1:{this.Port}/");
        this.listener.Start();
        this.loop = Task.Run(this.ServeAsync);
    }

    public int Port { get; }

    public ConcurrentQueue<StubRequest> Requests { get; } = new();

    public string ConnectionString =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        $"BlobEndpoint=http://127.0.0.1:{this.Port}/devstoreaccount1;";

    public async ValueTask DisposeAsync()
    {
        this.listener.Stop();
        await this.loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        this.listener.Close();
    }

    private async Task ServeAsync()
    {
        while (this.listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await this.listener.GetContextAsync();
            }
            catch (HttpListenerException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            try
            {
                await this.HandleAsync(context);
            }
            finally
            {
                context.Response.Close();
            }
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        HttpListenerRequest request = context.Request;
        HttpListenerResponse response = context.Response;
        var query = HttpUtility.ParseQueryString(request.Url!.Query);
        string[] segments = request.Url.AbsolutePath.Split('/', 3, StringSplitOptions.RemoveEmptyEntries);
        string? blob = segments.Length == 3 ? Uri.UnescapeDataString(segments[2]) : null;
        var headers = request.Headers.AllKeys.ToDictionary(k => k!, k => request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
        this.Requests.Enqueue(new StubRequest(request.HttpMethod, blob, query["comp"], headers));
        response.Headers["x-ms-request-id"] = Guid.NewGuid().ToString();
        response.Headers["x-ms-version"] = request.Headers["x-ms-version"] ?? "2026-06-06";
        response.Headers["Last-Modified"] = DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture);
        response.Headers["ETag"] = "\"0x8D0000000000001\"";

        switch (request.HttpMethod, blob, query["comp"])
        {
            case ("PUT", null, _):
                response.StatusCode = 201;
                break;
            case ("GET", null, "list"):
                byte[] list = Encoding.UTF8.GetBytes(this.List(query["prefix"] ?? string.Empty));
                response.ContentType = "application/xml";
                await response.OutputStream.WriteAsync(list);
                break;
            case ("PUT", not null, null):
                var body = new MemoryStream();
                await request.InputStream.CopyToAsync(body);
                if (!this.blobs.TryAdd(blob, body.ToArray()))
                {
                    response.StatusCode = 409;
                    response.Headers["x-ms-error-code"] = "BlobAlreadyExists";
                    return;
                }

                response.StatusCode = 201;
                break;
            case ("PUT", not null, "immutabilityPolicies"):
                response.Headers["x-ms-immutability-policy-until-date"] = request.Headers["x-ms-immutability-policy-until-date"];
                response.Headers["x-ms-immutability-policy-mode"] = request.Headers["x-ms-immutability-policy-mode"];
                break;
            case ("PUT", not null, "legalhold"):
                response.Headers["x-ms-legal-hold"] = request.Headers["x-ms-legal-hold"];
                break;
            case ("GET", not null, null) when this.blobs.TryGetValue(blob, out byte[]? content):
                response.ContentType = "application/json";
                response.Headers["x-ms-blob-type"] = "BlockBlob";
                response.Headers["x-ms-creation-time"] = DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture);
                response.ContentLength64 = content.Length;
                await response.OutputStream.WriteAsync(content);
                break;
            default:
                response.StatusCode = 404;
                response.Headers["x-ms-error-code"] = "BlobNotFound";
                break;
        }
    }

    private string List(string prefix)
    {
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><EnumerationResults ServiceEndpoint=\"http://127.0.0.1/devstoreaccount1\" ContainerName=\"evidence\">");
        xml.Append("<Prefix>").Append(SecurityElement.Escape(prefix)).Append("</Prefix><Blobs>");
        string now = DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture);
        foreach ((string name, byte[] content) in this.blobs.Where(b => b.Key.StartsWith(prefix, StringComparison.Ordinal)).OrderBy(b => b.Key, StringComparer.Ordinal))
        {
            xml.Append(CultureInfo.InvariantCulture, $"<Blob><Name>{SecurityElement.Escape(name)}</Name><Properties><Creation-Time>{now}</Creation-Time><Last-Modified>{now}</Last-Modified>")
                .Append(CultureInfo.InvariantCulture, $"<Etag>0x8D0000000000001</Etag><Content-Length>{content.Length}</Content-Length><BlobType>BlockBlob</BlobType></Properties></Blob>");
        }

        return xml.Append("</Blobs><NextMarker /></EnumerationResults>").ToString();
    }
}

/// <summary>One request the stub received: method, blob name (null for the container), <c>comp</c> and headers.</summary>
internal sealed record StubRequest(string Method, string? Blob, string? Comp, IReadOnlyDictionary<string, string> Headers);
