using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using ReleasePolicy.LocalHost.Hosting;
using ReleasePolicy.LocalHost.Storage;
using ReleasePolicy.Testing;

namespace ReleasePolicy.Benchmarks;

/// <summary>
/// The local host on its own Azurite, as the timed harnesses use it: a pipeline client (function key), an anonymous
/// client for what a person's browser does (the dev outbox, approval links), and the policy administrator's publish.
/// </summary>
internal sealed class BenchHost : IAsyncDisposable
{
    private const string PipelineKey = "bench-pipeline-key-0123456789";
    private const string AdminKey = "bench-admin-key-0123456789";

    private readonly AzuriteLauncher azurite;
    private readonly LocalHostApp host;

    private BenchHost(AzuriteLauncher azurite, LocalHostApp host)
    {
        this.azurite = azurite;
        this.host = host;
        this.Pipeline = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        this.Pipeline.DefaultRequestHeaders.Add("x-functions-key", PipelineKey);
        this.Person = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
    }

    /// <summary>Calls as the pipeline: submits and reads releases.</summary>
    public HttpClient Pipeline { get; }

    /// <summary>Calls without credentials, as a person's browser does: the dev outbox and the signed approval links.</summary>
    public HttpClient Person { get; }

    public static async Task<BenchHost> StartAsync()
    {
        AzuriteLauncher azurite = await AzuriteLauncher.StartAsync();
        try
        {
            // A concrete port, not 0: approval mails carry links to this host, so it must know its address up front.
            LocalHostApp host = await LocalHostApp.StartAsync(
                ["--urls", $"http://127.0.0.1:{LoopbackPort.Free()}"],
                builder =>
                {
                    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                    {
                        ["ReleasePolicy:Storage:ConnectionString"] = azurite.ConnectionString,
                        ["ReleasePolicy:Durable:TaskHub"] = "bench" + Guid.NewGuid().ToString("N")[..10],
                        ["ReleasePolicy:ApiKeys:pipeline:Secret"] = PipelineKey,
                        ["ReleasePolicy:ApiKeys:admin:Secret"] = AdminKey,
                        ["ReleasePolicy:Workflow:BakeTime"] = "00:00:00",
                        // The sample without its calendar: a benchmark run on a weekend or in a freeze must not wait.
                        [SeedPolicyFile.Setting] = SeedPolicyFile.For(TestPolicies.SampleWithoutCalendar),
                    });
                    builder.Logging.SetMinimumLevel(LogLevel.Warning);
                });
            return new BenchHost(azurite, host);
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Proposes a policy (YAML) as the policy administrator and has the council approve it through the dev outbox's
    /// links, as people do; returns once it is active for releases submitted after.
    /// </summary>
    public async Task PublishPolicyAsync(string yaml)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/policy") { Content = new StringContent(yaml, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/yaml");
        request.Headers.Add("x-functions-key", AdminKey);
        using HttpResponseMessage response = await this.Person.SendAsync(request);
        string body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"Proposing the benchmark policy failed: {(int)response.StatusCode} {body}");
        }

        string version = JsonDocument.Parse(body).RootElement.GetProperty("version").GetString()!;
        var answered = new HashSet<string>(StringComparer.Ordinal);
        DateTime until = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < until)
        {
            using var status = new HttpRequestMessage(HttpMethod.Get, "/api/policy/proposals/" + Uri.EscapeDataString(version));
            status.Headers.Add("x-functions-key", AdminKey);
            using HttpResponseMessage current = await this.Person.SendAsync(status);
            JsonElement proposal = JsonDocument.Parse(await current.Content.ReadAsStringAsync()).RootElement;
            if (proposal.GetProperty("status").GetString() != "pending")
            {
                if (proposal.GetProperty("active").GetBoolean())
                {
                    return;
                }

                throw new InvalidOperationException($"The benchmark policy was not approved: {proposal}");
            }

            using var outbox = new HttpRequestMessage(HttpMethod.Get, "/api/dev/outbox?releaseId=policy-" + Uri.EscapeDataString(version));
            outbox.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using HttpResponseMessage mails = await this.Person.SendAsync(outbox);
            foreach (JsonElement mail in JsonDocument.Parse(await mails.Content.ReadAsStringAsync()).RootElement.GetProperty("mails").EnumerateArray())
            {
                string link = mail.GetProperty("links")[0].GetProperty("url").GetString()!;
                if (answered.Add(link))
                {
                    using var approve = new HttpRequestMessage(HttpMethod.Post, link) { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["decision"] = "approve" }) };
                    approve.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                    using HttpResponseMessage ignored = await this.Person.SendAsync(approve);
                }
            }

            await Task.Delay(300);
        }

        throw new InvalidOperationException($"The benchmark policy {version} stayed pending.");
    }

    /// <summary>Submits a release as the pipeline; returns its id and how long the 202 took.</summary>
    public async Task<string> SubmitAsync(object release, string idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/releases") { Content = JsonContent.Create(release) };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        using HttpResponseMessage accepted = await this.Pipeline.SendAsync(request);
        string body = await accepted.Content.ReadAsStringAsync();
        return accepted.StatusCode == HttpStatusCode.Accepted
            ? JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!
            : throw new InvalidOperationException($"Submission refused: {(int)accepted.StatusCode} {body}");
    }

    /// <summary>The release as <c>GET /api/releases/{id}</c> shows it.</summary>
    public async Task<JsonElement> GetReleaseAsync(string id) =>
        JsonDocument.Parse(await this.Pipeline.GetStringAsync($"/api/releases/{id}")).RootElement.Clone();

    public async ValueTask DisposeAsync()
    {
        this.Pipeline.Dispose();
        this.Person.Dispose();
        await this.host.DisposeAsync();
        await this.azurite.DisposeAsync();
    }
}
