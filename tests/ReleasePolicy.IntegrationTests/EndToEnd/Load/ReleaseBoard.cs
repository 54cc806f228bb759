using System.Text.Json;
using ReleasePolicy.IntegrationTests.Infrastructure;

namespace ReleasePolicy.IntegrationTests.EndToEnd.Load;

/// <summary>Where a release stands, as the list route summarises it.</summary>
internal sealed record ReleaseState(string Stage, string Status);

/// <summary>
/// Watches many releases the gentle way: one list query (following <c>nextLink</c>) for all of them, not a client per
/// release; and the incidents list the same way.
/// </summary>
internal static class ReleaseBoard
{
    public static async Task<IReadOnlyDictionary<string, ReleaseState>> ListAsync(ReleaseApiClient api, string service)
    {
        var states = new Dictionary<string, ReleaseState>(StringComparer.Ordinal);
        string? next = $"/api/releases?service={Uri.EscapeDataString(service)}&limit=1000";
        while (next is not null)
        {
            using JsonDocument page = await GetAsync(api, next);
            foreach (JsonElement item in page.RootElement.GetProperty("items").EnumerateArray())
            {
                states[item.GetProperty("id").GetString()!] = new ReleaseState(item.GetProperty("stage").GetString()!, item.GetProperty("status").GetString()!);
            }

            next = page.RootElement.TryGetProperty("nextLink", out JsonElement link) && link.ValueKind == JsonValueKind.String ? link.GetString() : null;
        }

        return states;
    }

    /// <summary>The release id of every incident of the service (one entry per incident, so a doubled one shows twice).</summary>
    public static async Task<IReadOnlyList<string>> IncidentReleasesAsync(ReleaseApiClient api, string service)
    {
        using JsonDocument list = await GetAsync(api, $"/api/incidents?service={Uri.EscapeDataString(service)}&limit=1000");
        return [.. list.RootElement.GetProperty("incidents").EnumerateArray().Select(i => i.GetProperty("releaseId").GetString()!)];
    }

    private static async Task<JsonDocument> GetAsync(ReleaseApiClient api, string path)
    {
        using HttpResponseMessage response = await api.Http.GetAsync(path);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text);
    }
}
