using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReleasePolicy.Testing;

namespace ReleasePolicy.IntegrationTests.Infrastructure;

/// <summary>Calls the release API the way a pipeline does: function key header, JSON bodies, polling the status URL.</summary>
internal sealed class ReleaseApiClient : IDisposable
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(90);

    private readonly HttpClient http;

    public ReleaseApiClient(Uri baseAddress, string functionKey)
    {
        this.http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        this.http.DefaultRequestHeaders.Add("x-functions-key", functionKey);
    }

    public HttpClient Http => this.http;

    /// <summary>Who may initiate releases of each service under the sample policy.</summary>
    public static readonly IReadOnlyDictionary<string, string> Initiators = new Dictionary<string, string>
    {
        ["payments-api"] = "alice",
        ["orders-api"] = "carol",
        ["catalog-web"] = "dave",
        ["internal-docs"] = "erin",
    };

    /// <summary>A release the sample policy lets through: its initiator, and evidence that passes every gate.</summary>
    public static object PatchRequest(string service = "payments-api", string version = "1.4.2", string type = "patch", object? evidence = null) => new
    {
        service,
        version,
        environment = "production",
        type,
        requestedBy = Initiators[service],
        changeSummary = "Fix rounding in refunds",
        evidence = evidence ?? GoodEvidence(DateTimeOffset.UtcNow),
    };

    public static JsonObject GoodEvidence(DateTimeOffset now) => SampleRelease.EvidenceJson(now);

    /// <summary>Plays every approver the release's tiers ask (through the dev outbox's links) until it leaves approval.</summary>
    public async Task<IReadOnlyList<string>> ApproveAllAsync(string id, TimeSpan? deadline = null)
    {
        using var approvers = new ApprovalDriver(this.http.BaseAddress!);
        return await approvers.ApproveAllAsync(this, id, deadline);
    }

    public Task<HttpResponseMessage> SubmitAsync(object body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/releases") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return this.http.SendAsync(request);
    }

    public Task<HttpResponseMessage> PostRawAsync(string path, string body, string contentType) =>
        this.http.PostAsync(path, new StringContent(body, Encoding.UTF8, contentType));

    public async Task<JsonElement> GetReleaseAsync(string id)
    {
        using HttpResponseMessage response = await this.http.GetAsync($"/api/releases/{id}");
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET release {id}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Polls the release until <paramref name="until"/> holds; fails with the last state seen at the deadline.</summary>
    public async Task<JsonElement> WaitForAsync(string id, Func<JsonElement, bool> until, TimeSpan? deadline = null)
    {
        DateTime stopAt = DateTime.UtcNow + (deadline ?? DefaultDeadline);
        JsonElement last = default;
        while (DateTime.UtcNow < stopAt)
        {
            try
            {
                last = await this.GetReleaseAsync(id);
                if (until(last))
                {
                    return last;
                }
            }
            catch (HttpRequestException)
            {
                // The host may be restarting; keep polling until the deadline.
            }

            await Task.Delay(250);
        }

        Assert.Fail($"Release {id} did not reach the expected state in time; last seen: {(last.ValueKind == JsonValueKind.Undefined ? "nothing" : last.GetRawText())}");
        return last;
    }

    public Task<JsonElement> WaitForDoneAsync(string id, TimeSpan? deadline = null) =>
        this.WaitForAsync(id, r => r.GetProperty("stage").GetString() == "done", deadline);

    public void Dispose() => this.http.Dispose();
}
