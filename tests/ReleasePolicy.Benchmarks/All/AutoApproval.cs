using System.Text.Json;

namespace ReleasePolicy.Benchmarks.All;

/// <summary>Checks, after the clock has stopped, that a timed release really went the automatic path and succeeded.</summary>
internal static class AutoApproval
{
    public static async Task EnsureAsync(BenchHost bench, string id)
    {
        JsonElement release = await bench.GetReleaseAsync(id);
        bool automatic = release.GetProperty("decisions").EnumerateArray()
            .Any(d => d.GetProperty("stage").GetString() == "approval"
                && d.GetProperty("details").TryGetProperty("basis", out JsonElement basis) && basis.GetString() == "automatic");
        if (release.GetProperty("stage").GetString() != "done" || release.GetProperty("status").GetString() != "succeeded" || !automatic)
        {
            throw new InvalidOperationException($"Release {id} did not succeed on the automatic path: {release.GetRawText()}");
        }
    }
}
