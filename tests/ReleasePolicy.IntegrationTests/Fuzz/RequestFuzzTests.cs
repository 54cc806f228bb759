using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using ReleasePolicy.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace ReleasePolicy.IntegrationTests.Fuzz;

/// <summary>
/// Seeded fuzzing of every route: no generated request may get a 5xx, every 4xx is problem+json (except the bare 400
/// Kestrel itself sends for a NUL in the path, before the app runs), and afterwards the release list and the policy
/// versions are what they were. Set <c>FUZZ_SEED</c> to replay a run; the seed is printed either way.
/// </summary>
public sealed class RequestFuzzTests(SharedHost shared, ITestOutputHelper output) : IClassFixture<SharedHost>
{
    internal const int RequestCount = 1_200;
    private const int Parallelism = 4;

    [Fact]
    public async Task GeneratedHostileRequests_NeverFailTheServerAndWriteNothing()
    {
        InProcessHost host = shared.Host;
        int seed = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int given) ? given : Random.Shared.Next();
        output.WriteLine($"FUZZ_SEED={seed}");

        // Reading the policy first seeds the sample version, and the health check probes storage once (a probe blob),
        // so that the snapshot includes both.
        (await host.Api.Http.GetAsync("/api/policy")).Dispose();
        (await host.Api.Http.GetAsync("/api/health")).Dispose();
        Snapshot before = await Snapshot.TakeAsync(host);

        var failures = new ConcurrentBag<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        var clock = Stopwatch.StartNew();
        FuzzRequest[] requests = new RequestGenerator(seed).Generate(RequestCount).ToArray();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (request, cancellationToken) =>
        {
            string? failure = await SendAndCheckAsync(host, request, statuses, cancellationToken);
            if (failure is not null)
            {
                failures.Add(failure);
            }
        });

        output.WriteLine($"{requests.Length} requests in {clock.Elapsed.TotalSeconds:F1} s; statuses: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}");
        Assert.True(failures.IsEmpty, $"FUZZ_SEED={seed}: {failures.Count} bad answers, e.g.:\n" + string.Join("\n\n", failures.Take(10)));
        Assert.Equal(before, await Snapshot.TakeAsync(host));
    }

    private static async Task<string?> SendAndCheckAsync(InProcessHost host, FuzzRequest generated, ConcurrentDictionary<int, int> statuses, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(new HttpMethod(generated.Method), new Uri(generated.Path, UriKind.Relative));
        if (generated.Body is not null)
        {
            request.Content = new ByteArrayContent(generated.Body);
            if (generated.ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", generated.ContentType);
            }
        }

        if (generated.IdempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", generated.IdempotencyKey);
        }

        _ = generated.Caller switch
        {
            FuzzCaller.Pipeline => request.AsPipeline(host.Settings),
            FuzzCaller.Admin => request.AsAdmin(host.Settings),
            FuzzCaller.Auditor => request.AsAuditor(host.Settings),
            FuzzCaller.WrongKey => request.WithKey("not-a-key"),
            _ => request,
        };

        using HttpResponseMessage response = await host.Api.Http.SendAsync(request, cancellationToken);
        int status = (int)response.StatusCode;
        statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
        string body = await response.Content.ReadAsStringAsync(cancellationToken);
        string? mediaType = response.Content.Headers.ContentType?.MediaType;
        if (status >= 500)
        {
            return $"{status} for {generated}\n=> {body}";
        }

        if (status is >= 200 and < 300 && generated.Method is not ("GET" or "HEAD"))
        {
            return $"{status}: a hostile {generated.Method} was accepted: {generated}\n=> {body}";
        }

        if (status >= 400 && mediaType != "application/problem+json" && !(generated.KestrelAnswers && status == 400))
        {
            return $"{status} without a problem document ({mediaType ?? "no content type"}) for {generated}\n=> {body}";
        }

        return null;
    }

    /// <summary>The release list and policy versions as the API shows them, and what storage holds.</summary>
    private sealed record Snapshot(string Releases, string PolicyVersions, WrittenState Storage)
    {
        public static async Task<Snapshot> TakeAsync(InProcessHost host) => new(
            await host.Api.Http.GetStringAsync("/api/releases?limit=1000"),
            await host.Api.Http.GetStringAsync("/api/policy/versions"),
            await WrittenState.CaptureAsync(host.Settings));
    }
}
