using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using ReleasePolicy.LocalHost.Hosting;
using ReleasePolicy.LocalHost.Storage;
using ReleasePolicy.Testing;

namespace ReleasePolicy.Benchmarks;

/// <summary>
/// A timed harness (not BenchmarkDotNet: one run is seconds long and does real I/O): the local host on Azurite takes a
/// burst of well-evidenced releases over HTTP, as pipelines would send them, and this prints how fast they are
/// accepted and how long each takes to reach <c>done</c>, with the ratios between them.
/// Run: <c>dotnet run -c Release --project tests/ReleasePolicy.Benchmarks -- throughput [releases]</c>.
/// </summary>
internal static class ReleaseThroughputHarness
{
    private const string Key = "bench-pipeline-key-0123456789";

    public static async Task<int> RunAsync(int releases)
    {
        await using AzuriteLauncher azurite = await AzuriteLauncher.StartAsync();
        string hub = "bench" + Guid.NewGuid().ToString("N")[..10];
        await using LocalHostApp host = await LocalHostApp.StartAsync(
            ["--urls", "http://127.0.0.1:0"],
            builder =>
            {
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["ReleasePolicy:Storage:ConnectionString"] = azurite.ConnectionString,
                    ["ReleasePolicy:Durable:TaskHub"] = hub,
                    ["ReleasePolicy:ApiKeys:pipeline:Secret"] = Key,
                    ["ReleasePolicy:Workflow:BakeTime"] = "00:00:00",
                });
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
            });
        using var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Add("x-functions-key", Key);

        await RunOneAsync(http, "warm-up");
        var clock = Stopwatch.StartNew();
        (TimeSpan Accept, TimeSpan Done)[] timings = await Task.WhenAll(Enumerable.Range(0, releases).Select(i => RunOneAsync(http, $"bench-{i}")));
        TimeSpan wall = clock.Elapsed;

        double[] accept = timings.Select(t => t.Accept.TotalMilliseconds).Order().ToArray();
        double[] done = timings.Select(t => t.Done.TotalMilliseconds).Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"releases: {releases} submitted at once, all done in {wall.TotalSeconds:F1} s ({releases / wall.TotalSeconds:F1} releases/s end to end)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"accept (202) latency: p50 {Percentile(accept, 0.5):F0} ms, p95 {Percentile(accept, 0.95):F0} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"submit-to-done latency: p50 {Percentile(done, 0.5):F0} ms, p95 {Percentile(done, 0.95):F0} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratios: done/accept at p50 {Percentile(done, 0.5) / Percentile(accept, 0.5):F1}x, p95/p50 of done {Percentile(done, 0.95) / Percentile(done, 0.5):F2}x"));
        return 0;
    }

    private static async Task<(TimeSpan Accept, TimeSpan Done)> RunOneAsync(HttpClient http, string key)
    {
        var clock = Stopwatch.StartNew();
        using HttpRequestMessage request = new(HttpMethod.Post, "/api/releases") { Content = JsonContent.Create(Release(DateTimeOffset.UtcNow)) };
        request.Headers.Add("Idempotency-Key", key);
        using HttpResponseMessage accepted = await http.SendAsync(request);
        TimeSpan acceptedAfter = clock.Elapsed;
        if (accepted.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"Submission refused: {(int)accepted.StatusCode} {await accepted.Content.ReadAsStringAsync()}");
        }

        string statusUrl = JsonDocument.Parse(await accepted.Content.ReadAsStringAsync()).RootElement.GetProperty("statusUrl").GetString()!;
        while (true)
        {
            JsonElement release = JsonDocument.Parse(await http.GetStringAsync(statusUrl)).RootElement;
            if (release.GetProperty("stage").GetString() == "done")
            {
                return release.GetProperty("status").GetString() == "succeeded"
                    ? (acceptedAfter, clock.Elapsed)
                    : throw new InvalidOperationException($"Release ended {release.GetProperty("status").GetString()}: {release.GetRawText()}");
            }

            if (clock.Elapsed > TimeSpan.FromMinutes(5))
            {
                throw new TimeoutException($"Release {statusUrl} not done after 5 minutes.");
            }

            await Task.Delay(100);
        }
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static object Release(DateTimeOffset now) => new
    {
        service = "payments-api",
        version = "1.4.2",
        environment = "production",
        type = "patch",
        requestedBy = "alice",
        changeSummary = "Benchmark release",
        evidence = SampleRelease.EvidenceJson(now),
    };
}
