using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ReleasePolicy.Access;
using ReleasePolicy.Deployment;
using ReleasePolicy.Deployment.Incidents;
using ReleasePolicy.IntegrationTests.Infrastructure;
using ReleasePolicy.Readiness;
using ReleasePolicy.Testing;

namespace ReleasePolicy.IntegrationTests.Incidents;

/// <summary>
/// Issue 10's "the next release of that service is rejected at readiness until the RCA is filed, then accepted", over
/// HTTP: an incident opened in the store (as a rollback opens it) → a release of that service and environment is
/// rejected by the incidentRootCause gate, naming the incident and the route → the rollback owner files the analysis
/// → the same request, under a new Idempotency-Key, passes readiness.
/// </summary>
public sealed class IncidentReadinessEndToEndTests
{
    [Fact]
    public async Task NextRelease_RejectedUntilTheOwnerFilesTheRca_ThenPassesReadiness()
    {
        HostSettings settings = await HostSettings.CreateAsync() with
        {
            SeedPolicyText = TestPolicies.WithMonitoring(TestPolicies.SampleMonitoring),
            Extra = new Dictionary<string, string?> { ["ReleasePolicy:Auth:TrustPlatformPrincipal"] = "true" },
        };
        await using InProcessHost host = await InProcessHost.StartAsync(settings);
        IIncidentStore store = host.App.App.Services.GetRequiredService<IIncidentStore>();
        string rolledBack = "rel-" + Guid.NewGuid().ToString("N");
        Incident incident = await store.OpenAsync(new Incident(
            Incident.IdFor(rolledBack), rolledBack, "payments-api", "production", "1.4.1", "errorRate", "error rate above 1% in 2 consecutive samples",
            DateTimeOffset.UtcNow.AddMinutes(-5), TimeSpan.FromMinutes(30), RootCauseAnalysisRequired: true));
        object request = ReleaseApiClient.PatchRequest(version: "1.4.2");

        string first = await SubmitAsync(host, request, "after-incident-1");
        JsonElement rejected = await host.Api.WaitForAsync(first, r => r.GetProperty("runtimeStatus").GetString() == "Completed");

        Assert.Equal("rejected", rejected.GetProperty("status").GetString());
        JsonElement refusal = Readiness(rejected);
        JsonElement gate = Gate(refusal, GateNames.IncidentRootCause);
        Assert.Equal("fail", gate.GetProperty("outcome").GetString(), ignoreCase: true);
        string reason = gate.GetProperty("reason").GetString()!;
        Assert.Contains(incident.Id, reason, StringComparison.Ordinal);
        Assert.Contains($"POST /api/incidents/{incident.Id}/rca", reason, StringComparison.Ordinal);
        Assert.Contains(refusal.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains(incident.Id, StringComparison.Ordinal));
        Assert.Equal(DatabaseRollbackStrategy.NoMigration, refusal.GetProperty("details").GetProperty("databaseRollback").GetString());

        using (HttpResponseMessage filed = await FileRcaAsync(host, incident.Id, "bob"))
        {
            Assert.True(filed.StatusCode == HttpStatusCode.Created, await filed.Content.ReadAsStringAsync());
        }

        string second = await SubmitAsync(host, request, "after-incident-2");
        JsonElement passed = await host.Api.WaitForAsync(second, r => r.GetProperty("stage").GetString() != "readiness" || r.GetProperty("runtimeStatus").GetString() == "Completed");

        JsonElement readiness = Readiness(passed);
        Assert.True(readiness.GetProperty("outcome").GetString() == "passed", readiness.ToString());
        Assert.Equal("pass", Gate(readiness, GateNames.IncidentRootCause).GetProperty("outcome").GetString(), ignoreCase: true);
        Assert.Equal("approval", passed.GetProperty("stage").GetString());
    }

    private static async Task<string> SubmitAsync(InProcessHost host, object request, string key)
    {
        using HttpResponseMessage submitted = await host.Api.SubmitAsync(request, key);
        string body = await submitted.Content.ReadAsStringAsync();
        Assert.True(submitted.StatusCode == HttpStatusCode.Accepted, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    private static async Task<HttpResponseMessage> FileRcaAsync(InProcessHost host, string incidentId, string person)
    {
        using var http = new HttpClient { BaseAddress = host.App.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/incidents/{incidentId}/rca")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { findings = "Retry storm exhausted the pool.", actions = new[] { "Cap retries" } }),
        };
        request.Headers.Add(PlatformPrincipal.HeaderName, PlatformPrincipal.Encode("aad", [("name", person)]));
        return await http.SendAsync(request);
    }

    private static JsonElement Readiness(JsonElement release) =>
        release.GetProperty("decisions").EnumerateArray().Single(d => d.GetProperty("stage").GetString() == "readiness");

    private static JsonElement Gate(JsonElement readiness, string name) =>
        readiness.GetProperty("readiness").GetProperty("gates").EnumerateArray().Single(g => g.GetProperty("name").GetString() == name);
}
