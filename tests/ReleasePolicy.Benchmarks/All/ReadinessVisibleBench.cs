using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace ReleasePolicy.Benchmarks.All;

/// <summary>
/// P3′: submit → the readiness decision visible to the pipeline through <c>GET /api/releases/{id}</c>. One release at
/// a time (low load); that one release is read every 15 ms, so each time is late by at most 15 ms. Between samples
/// the release is left to finish (untimed) so the next one starts on a quiet host.
/// </summary>
internal static class ReadinessVisibleBench
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(15);
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    public static async Task<IReadOnlyList<Figure>> RunAsync(BenchHost bench, int samples)
    {
        await MeasureOneAsync(bench, "p3-warm-up");
        var times = new List<double>(samples);
        for (var i = 0; i < samples; i++)
        {
            times.Add((await MeasureOneAsync(bench, $"p3-{i}")).TotalMilliseconds);
        }

        double[] sorted = [.. times.Order()];
        double p50 = Percentiles.Of(sorted, 0.5);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"P3': {samples} sequential releases, GET every {PollEvery.TotalMilliseconds:F0} ms: readiness visible p50 {p50:F0} ms, p95 {Percentiles.Of(sorted, 0.95):F0} ms, max {sorted[^1]:F0} ms"));
        return
        [
            Figure.AtMost(
                "P3' submit -> readiness decision visible (p50, low load)",
                string.Create(CultureInfo.InvariantCulture, $"p50 {p50:F0} ms, p95 {Percentiles.Of(sorted, 0.95):F0} ms"),
                p50,
                150,
                "<= 150 ms p50"),
        ];
    }

    private static async Task<TimeSpan> MeasureOneAsync(BenchHost bench, string key)
    {
        var clock = Stopwatch.StartNew();
        string id = await bench.SubmitAsync(BenchReleases.AutoApproved(DateTimeOffset.UtcNow), key);
        while (clock.Elapsed < Deadline)
        {
            JsonElement release = await bench.GetReleaseAsync(id);
            if (release.GetProperty("decisions").EnumerateArray().Any(d => d.GetProperty("stage").GetString() == "readiness"))
            {
                TimeSpan visible = clock.Elapsed;
                await InstanceWaiter.WaitCompletedAsync(bench.Client, id, Deadline);
                return visible;
            }

            await Task.Delay(PollEvery);
        }

        throw new TimeoutException($"No readiness decision on {id} after {Deadline.TotalSeconds:F0} s.");
    }
}
