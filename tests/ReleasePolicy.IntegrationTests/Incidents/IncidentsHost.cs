using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ReleasePolicy.Access;
using ReleasePolicy.Deployment.Incidents;
using ReleasePolicy.IntegrationTests.Infrastructure;

namespace ReleasePolicy.IntegrationTests.Incidents;

/// <summary>
/// One local host for the incidents API tests, trusting the platform principal so that people can sign in (the RCA
/// route wants a person who owns the service). Each test opens its own incidents, under its own release ids.
/// </summary>
public sealed class IncidentsHost : IAsyncLifetime
{
    private InProcessHost? host;

    internal InProcessHost Host => this.host ?? throw new InvalidOperationException("The incidents host has not started.");

    /// <summary>The pipeline's client (its key in every request).</summary>
    internal HttpClient Http => this.Host.Api.Http;

    /// <summary>A client without a key: requests carry the credential each test gives them (a signed-in person).</summary>
    internal HttpClient Bare { get; private set; } = null!;

    internal IIncidentStore Store => this.Host.App.App.Services.GetRequiredService<IIncidentStore>();

    public async Task InitializeAsync()
    {
        HostSettings settings = await HostSettings.CreateAsync() with
        {
            Extra = new Dictionary<string, string?> { ["ReleasePolicy:Auth:TrustPlatformPrincipal"] = "true" },
        };
        this.host = await InProcessHost.StartAsync(settings);
        this.Bare = new HttpClient { BaseAddress = this.host.App.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        this.Bare?.Dispose();
        if (this.host is not null)
        {
            await this.host.DisposeAsync();
        }
    }

    /// <summary>Opens an incident of payments-api in production for a fresh release id, as a rollback would.</summary>
    internal async Task<Incident> OpenAsync(string service = "payments-api", string environment = "production")
    {
        string releaseId = "rel-" + Guid.NewGuid().ToString("N");
        return await this.Store.OpenAsync(new Incident(
            Incident.IdFor(releaseId), releaseId, service, environment, "2.0.0", "errorRate", "error rate above 5% in 3 consecutive samples",
            DateTimeOffset.UtcNow, TimeSpan.FromMinutes(30), RootCauseAnalysisRequired: true));
    }

    /// <summary>Files an RCA as <paramref name="person"/>, signed in through the platform.</summary>
    internal Task<HttpResponseMessage> FileAsync(string incidentId, string person, object body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/incidents/{incidentId}/rca") { Content = JsonContent.Create(body) };
        request.Headers.Add(PlatformPrincipal.HeaderName, PlatformPrincipal.Encode("aad", [("name", person)]));
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return this.SendAndDisposeAsync(request);
    }

    internal async Task<JsonElement> GetJsonAsync(string path)
    {
        using HttpResponseMessage response = await this.Http.GetAsync(path);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<HttpResponseMessage> SendAndDisposeAsync(HttpRequestMessage request)
    {
        using (request)
        {
            return await this.Bare.SendAsync(request);
        }
    }
}
