using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ReleasePolicy.Benchmarks.All;
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

    private BenchHost(AzuriteLauncher azurite, LocalHostApp host, string azuriteLocation, string taskHub)
    {
        this.azurite = azurite;
        this.host = host;
        this.AzuriteLocation = azuriteLocation;
        this.TaskHub = taskHub;
        this.Pipeline = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        this.Pipeline.DefaultRequestHeaders.Add("x-functions-key", PipelineKey);
        this.Person = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
    }

    /// <summary>Calls as the pipeline: submits and reads releases.</summary>
    public HttpClient Pipeline { get; }

    /// <summary>Calls without credentials, as a person's browser does: the dev outbox and the signed approval links.</summary>
    public HttpClient Person { get; }

    /// <summary>Azurite's data folder (its on-disk size is measured per waiting release); deleted on dispose.</summary>
    public string AzuriteLocation { get; }

    public string TaskHub { get; }

    public string StorageConnectionString => this.azurite.ConnectionString;

    /// <summary>The host's own durable client: the one its HTTP functions get, so what it starts runs the same path.</summary>
    public DurableTaskClient Client => this.host.App.Services.GetRequiredService<DurableTaskClient>();

    public static async Task<BenchHost> StartAsync()
    {
        // A folder of our own rather than the launcher's temporary one, so its size can be measured.
        string location = Path.Combine(Path.GetTempPath(), "releasepolicy-bench-azurite-" + Guid.NewGuid().ToString("N"));
        string taskHub = "bench" + Guid.NewGuid().ToString("N")[..10];
        AzuriteLauncher azurite = await AzuriteLauncher.StartAsync(location);
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
                        ["ReleasePolicy:Durable:TaskHub"] = taskHub,
                        ["ReleasePolicy:ApiKeys:pipeline:Secret"] = PipelineKey,
                        ["ReleasePolicy:ApiKeys:admin:Secret"] = AdminKey,
                        ["ReleasePolicy:Workflow:BakeTime"] = "00:00:00",
                        // The sample without its calendar: a benchmark run on a weekend or in a freeze must not wait.
                        [SeedPolicyFile.Setting] = SeedPolicyFile.For(TestPolicies.SampleWithoutCalendar),
                        // appsettings.json logs every request and step at Information; writing that to the console
                        // would cost the host CPU that the figures should measure.
                        ["Logging:LogLevel:Default"] = "Warning",
                    });
                    builder.Logging.SetMinimumLevel(LogLevel.Warning);
                    // P1's bare orchestration runs beside the app's functions, on the same worker and engine.
                    builder.Services.AddExtraDurableTasks(BareOrchestration.Register);
                });
            return new BenchHost(azurite, host, location, taskHub);
        }
        catch
        {
            await azurite.DisposeAsync();
            DeleteQuietly(location);
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

    /// <summary>
    /// Every release of a service as <c>GET /api/releases?service=…</c> lists it (following <c>nextLink</c>): one list
    /// query, however many releases it covers, instead of one status read per release.
    /// </summary>
    public async Task<IReadOnlyList<(string Id, string Stage, string Status)>> ListAsync(string service)
    {
        var items = new List<(string, string, string)>();
        string? next = "/api/releases?limit=1000&service=" + Uri.EscapeDataString(service);
        while (next is not null)
        {
            using JsonDocument page = JsonDocument.Parse(await this.Pipeline.GetStringAsync(next));
            foreach (JsonElement item in page.RootElement.GetProperty("items").EnumerateArray())
            {
                items.Add((item.GetProperty("id").GetString()!, item.GetProperty("stage").GetString()!, item.GetProperty("status").GetString()!));
            }

            next = page.RootElement.TryGetProperty("nextLink", out JsonElement link) && link.ValueKind == JsonValueKind.String ? link.GetString() : null;
        }

        return items;
    }

    public async ValueTask DisposeAsync()
    {
        this.Pipeline.Dispose();
        this.Person.Dispose();
        await this.host.DisposeAsync();
        await this.azurite.DisposeAsync();
        DeleteQuietly(this.AzuriteLocation);
    }

    private static void DeleteQuietly(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file Azurite still held: the folder is under the temp path, which the OS cleans.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
