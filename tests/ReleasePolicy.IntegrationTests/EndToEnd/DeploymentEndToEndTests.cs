using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Messaging;
using Azure.Messaging.EventGrid;
using ReleasePolicy.IntegrationTests.Events;
using ReleasePolicy.IntegrationTests.Infrastructure;
using ReleasePolicy.IntegrationTests.Outbound;
using ReleasePolicy.Testing;

namespace ReleasePolicy.IntegrationTests.EndToEnd;

/// <summary>
/// The monitored deployment stage over HTTP, as a pipeline drives it: a production payments patch is approved through the
/// dev outbox, cleared, and then the pipeline's signals arrive with the real <c>EventGridPublisherClient</c>
/// (CloudEvents) at <c>/api/events</c>, and Azure Monitor's alert at <c>/api/alerts</c>. A short monitoring profile
/// keeps each test within seconds.
/// </summary>
public sealed class DeploymentEndToEndTests
{
    private const string Monitoring = """
        monitoring:
          environments: [production]
          startTimeout: PT60S
          rollbackWaitLimit: PT60S
          notify: { support: [customer-support], escalation: [incident-commanders] }
          incidents: { rootCauseAnalysisRequired: true, exemptReleaseTypes: [emergency] }
          profiles:
            - name: e2e
              bakeTime: PT8S
              maxSampleGap: PT5S
              errorRate: { abovePercent: 2, consecutive: 2 }
              failedHealthChecks: 3
              alertSeverities: [Sev0, Sev1]
          alerts:
            - service: payments-api
              environment: production
              customProperties: { service: checkout, environment: prod }
        """;

    private static readonly string BobKey = "bob-key-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task HealthyDeployment_SignalledOverEventGrid_SucceedsWithReleaseNotesAndMilestones()
    {
        await using InProcessHost host = await StartAsync();
        string id = await ClearedReleaseAsync(host, "deploy-healthy");

        EventGridPublisherClient pipeline = Pipeline(host);
        await pipeline.SendEventAsync(Signal(id, "ReleasePolicy.Deployment.Started", new { releaseId = id }));
        using var sampling = new CancellationTokenSource();
        Task samples = SampleEverySecondAsync(pipeline, id, errorRate: 0.2, sampling.Token);
        await pipeline.SendEventAsync(Signal(id, "ReleasePolicy.Deployment.Succeeded", new { releaseId = id }));
        JsonElement done = await host.Api.WaitForAsync(id, r => r.GetProperty("runtimeStatus").GetString() == "Completed", TimeSpan.FromSeconds(90));
        await sampling.CancelAsync();
        await samples.ContinueWith(_ => { }, TaskScheduler.Default);

        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        Assert.Equal(["cleared", "deployed"], DeploymentOutcomes(done));
        JsonElement judged = Deployment(done, "deployed");
        Assert.Equal("e2e", judged.GetProperty("details").GetProperty("profile").GetString());
        Assert.True(int.Parse(judged.GetProperty("details").GetProperty("samples").GetString()!, System.Globalization.CultureInfo.InvariantCulture) >= 5);
        IReadOnlyList<string> mails = await MailKindsAsync(host, id);
        Assert.Contains("release-notes", mails);
        IReadOnlyList<string> events = await DevEventTypesAsync(host, id);
        Assert.Equal(
            ["ReleasePolicy.Release.Approved", "ReleasePolicy.Release.Scheduled", "ReleasePolicy.Release.Cleared", "ReleasePolicy.Release.Completed"],
            events.Reverse());
    }

    [Fact]
    public async Task ErrorRateBreach_RollsBack_SubscriberGetsRollbackRequested_AndTheNextReleaseWaitsForTheRca()
    {
        await using LocalEventSubscriber subscriber = await LocalEventSubscriber.StartAsync();
        await using InProcessHost host = await StartAsync(new Dictionary<string, string?>
        {
            ["ReleasePolicy:Events:Outbound:Mode"] = "EventGrid",
            ["ReleasePolicy:Events:Outbound:TopicEndpoint"] = subscriber.Endpoint.ToString(),
            ["ReleasePolicy:Events:Outbound:TopicKey"] = "local-topic-key",
            // bob, the payments rollback owner, files the root-cause analysis with a person's key.
            ["ReleasePolicy:ApiKeys:bob:Secret"] = BobKey,
            ["ReleasePolicy:ApiKeys:bob:Principal"] = "bob",
            ["ReleasePolicy:ApiKeys:bob:Kind"] = "Person",
        });
        string id = await ClearedReleaseAsync(host, "deploy-breach");

        EventGridPublisherClient pipeline = Pipeline(host);
        await pipeline.SendEventAsync(Signal(id, "ReleasePolicy.Deployment.Started", new { releaseId = id }));
        await pipeline.SendEventsAsync(
        [
            Signal(id, "ReleasePolicy.Health.Sample", Sample(id, errorRate: 6.05)),
            Signal(id, "ReleasePolicy.Health.Sample", Sample(id, errorRate: 7.4)),
        ]);
        await host.Api.WaitForAsync(id, r => DeploymentOutcomes(r).Contains("rollbackRequested"), TimeSpan.FromSeconds(60));

        JsonElement requested = ReceivedEvent(subscriber, "ReleasePolicy.Release.RollbackRequested");
        Assert.Equal($"releases/{id}", requested.GetProperty("subject").GetString());
        JsonElement data = requested.GetProperty("data");
        Assert.Equal("errorRate", data.GetProperty("rule").GetString());
        Assert.Equal("RB-42", data.GetProperty("rollbackProcedureRef").GetString());
        Assert.Equal("noSchemaMigration", data.GetProperty("databaseRollback").GetString());
        Assert.Equal($"inc-{id}", data.GetProperty("incidentId").GetString());

        await pipeline.SendEventAsync(Signal(id, "ReleasePolicy.Deployment.RollbackCompleted", new { releaseId = id }));
        JsonElement done = await host.Api.WaitForAsync(id, r => r.GetProperty("runtimeStatus").GetString() == "Completed", TimeSpan.FromSeconds(60));

        Assert.Equal("rolledBack", done.GetProperty("status").GetString());
        Assert.Equal(["cleared", "unhealthy", "rollbackRequested", "rolledBack"], DeploymentOutcomes(done));
        Assert.Equal("true", Deployment(done, "rolledBack").GetProperty("details").GetProperty("rtoMet").GetString());
        Assert.Contains(subscriber.Posts, p => p.Body.Contains("ReleasePolicy.Release.Completed", StringComparison.Ordinal));
        JsonElement incident = await GetJsonAsync(host, $"/api/incidents/inc-{id}");
        Assert.Equal("errorRate", incident.GetProperty("rule").GetString());
        Assert.True(incident.GetProperty("rtoMet").GetBoolean());
        Assert.True(incident.GetProperty("owesRootCauseAnalysis").GetBoolean());
        Assert.Contains("rollback-escalation", await MailKindsAsync(host, id));

        // Anything arriving for the finished release, or malformed, or for nobody: 2xx or 400, never 5xx, never a change.
        string before = (await host.Api.GetReleaseAsync(id)).GetRawText();
        await AfterTheEndAsync(host, pipeline, id);
        Assert.Equal(before, (await host.Api.GetReleaseAsync(id)).GetRawText());

        // The service's next release to production waits for the root-cause analysis, then passes readiness.
        string next = await SubmitAsync(host, "deploy-breach-next");
        JsonElement rejected = await host.Api.WaitForAsync(next, r => r.GetProperty("runtimeStatus").GetString() == "Completed");
        Assert.Equal("rejected", rejected.GetProperty("status").GetString());
        Assert.Contains($"inc-{id}", rejected.GetProperty("decisions")[0].GetProperty("summary").GetString() + string.Join(' ', rejected.GetProperty("decisions")[0].GetProperty("reasons").EnumerateArray().Select(r => r.GetString())), StringComparison.Ordinal);
        using (HttpResponseMessage filed = await FileRcaAsync(host, $"inc-{id}", BobKey))
        {
            Assert.True(filed.StatusCode == HttpStatusCode.Created, await filed.Content.ReadAsStringAsync());
        }

        string after = await SubmitAsync(host, "deploy-breach-after-rca");
        JsonElement accepted = await host.Api.WaitForAsync(after, r => r.GetProperty("stage").GetString() != "readiness");
        Assert.Equal("passed", accepted.GetProperty("decisions")[0].GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task MissingSamples_PastTheGap_RollBack()
    {
        await using InProcessHost host = await StartAsync();
        string id = await ClearedReleaseAsync(host, "deploy-silent");

        await Pipeline(host).SendEventAsync(Signal(id, "ReleasePolicy.Deployment.Started", new { releaseId = id }));
        await host.Api.WaitForAsync(id, r => DeploymentOutcomes(r).Contains("rollbackRequested"), TimeSpan.FromSeconds(60));
        await Pipeline(host).SendEventAsync(Signal(id, "ReleasePolicy.Deployment.RollbackCompleted", new { releaseId = id }));
        JsonElement done = await host.Api.WaitForAsync(id, r => r.GetProperty("runtimeStatus").GetString() == "Completed", TimeSpan.FromSeconds(60));

        Assert.Equal("rolledBack", done.GetProperty("status").GetString());
        Assert.Equal("missingSamples", Deployment(done, "unhealthy").GetProperty("details").GetProperty("rule").GetString());
    }

    [Fact]
    public async Task FiredSev1AlertForTheService_PostedAsIs_RollsBack()
    {
        await using InProcessHost host = await StartAsync();
        string id = await ClearedReleaseAsync(host, "deploy-alert");
        EventGridPublisherClient pipeline = Pipeline(host);
        await pipeline.SendEventAsync(Signal(id, "ReleasePolicy.Deployment.Started", new { releaseId = id }));
        await host.Api.WaitForAsync(id, r => r.GetProperty("decisions").GetRawText().Contains("\"cleared\"", StringComparison.Ordinal));

        var content = new ByteArrayContent(EventFixtures.Read("azure-monitor/metric-alert-fired.json"));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using (HttpResponseMessage posted = await new HttpClient().PostAsync(new Uri(host.App.BaseAddress, "/api/alerts?code=" + Uri.EscapeDataString(host.Settings.FunctionKey)), content))
        {
            Assert.True(posted.StatusCode == HttpStatusCode.OK, await posted.Content.ReadAsStringAsync());
        }

        await host.Api.WaitForAsync(id, r => DeploymentOutcomes(r).Contains("rollbackRequested"), TimeSpan.FromSeconds(60));
        await pipeline.SendEventAsync(Signal(id, "ReleasePolicy.Deployment.RollbackCompleted", new { releaseId = id }));
        JsonElement done = await host.Api.WaitForAsync(id, r => r.GetProperty("runtimeStatus").GetString() == "Completed", TimeSpan.FromSeconds(60));

        JsonElement unhealthy = Deployment(done, "unhealthy");
        Assert.Equal("alert", unhealthy.GetProperty("details").GetProperty("rule").GetString());
        Assert.Contains("checkout-prod-http5xx", unhealthy.GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RollbackCompletedAfterTheRto_IsRecordedAsAnRtoMiss()
    {
        // The patch RTO shortened to 3 s: the pipeline reports its rollback after it.
        await using InProcessHost host = await StartAsync(edit: policy => policy.Replace("rto: \"01:00:00\"", "rto: PT3S", StringComparison.Ordinal));
        string id = await ClearedReleaseAsync(host, "deploy-rto");

        EventGridPublisherClient pipeline = Pipeline(host);
        await pipeline.SendEventAsync(Signal(id, "ReleasePolicy.Deployment.Failed", new { releaseId = id, reason = "helm upgrade timed out" }));
        await host.Api.WaitForAsync(id, r => DeploymentOutcomes(r).Contains("rtoMissed"), TimeSpan.FromSeconds(60));
        await pipeline.SendEventAsync(Signal(id, "ReleasePolicy.Deployment.RollbackCompleted", new { releaseId = id }));
        JsonElement done = await host.Api.WaitForAsync(id, r => r.GetProperty("runtimeStatus").GetString() == "Completed", TimeSpan.FromSeconds(60));

        Assert.Equal("rolledBack", done.GetProperty("status").GetString());
        Assert.Equal(["cleared", "unhealthy", "rollbackRequested", "rtoMissed", "rolledBack"], DeploymentOutcomes(done));
        JsonElement rolledBack = Deployment(done, "rolledBack");
        Assert.True(rolledBack.GetProperty("details").GetProperty("rtoMet").GetString() == "false", string.Join("\n", done.GetProperty("decisions").EnumerateArray().Where(d => d.GetProperty("stage").GetString() == "deployment").Select(d => d.GetProperty("outcome").GetString() + " " + d.GetProperty("decidedAt").GetString() + " " + d.GetProperty("summary").GetString() + " " + d.GetProperty("details").GetRawText())));
        Assert.False((await GetJsonAsync(host, $"/api/incidents/inc-{id}")).GetProperty("rtoMet").GetBoolean());
        Assert.Contains("rto-missed", await MailKindsAsync(host, id));
    }

    private static async Task<InProcessHost> StartAsync(IReadOnlyDictionary<string, string?>? extra = null, Func<string, string>? edit = null)
    {
        HostSettings settings = await HostSettings.CreateAsync() with
        {
            SeedPolicyText = (edit ?? (p => p))(TestPolicies.WithMonitoring(Monitoring)),
            Extra = extra ?? new Dictionary<string, string?>(),
        };
        return await InProcessHost.StartAsync(settings);
    }

    private static async Task<string> SubmitAsync(InProcessHost host, string key)
    {
        using HttpResponseMessage submitted = await host.Api.SubmitAsync(ReleaseApiClient.PatchRequest(), key);
        string body = await submitted.Content.ReadAsStringAsync();
        Assert.True(submitted.StatusCode == HttpStatusCode.Accepted, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Submits a production payments patch, approves it from the outbox, and waits until it is cleared.</summary>
    private static async Task<string> ClearedReleaseAsync(InProcessHost host, string key)
    {
        string id = await SubmitAsync(host, key);
        await host.Api.ApproveAllAsync(id);
        await host.Api.WaitForAsync(id, r => DeploymentOutcomes(r).Contains("cleared"), TimeSpan.FromSeconds(60));
        return id;
    }

    private static async Task AfterTheEndAsync(InProcessHost host, EventGridPublisherClient pipeline, string id)
    {
        await pipeline.SendEventAsync(Signal(id, "ReleasePolicy.Health.Sample", Sample(id, errorRate: 90)));
        await pipeline.SendEventAsync(Signal("rel-" + new string('0', 32), "ReleasePolicy.Deployment.Failed", new { reason = "unknown release" }));
        foreach (string malformed in new[] { "{", "[{\"id\":1}]", "\"text\"", "[]" })
        {
            using var content = new StringContent(malformed, Encoding.UTF8, "application/json");
            using HttpResponseMessage answer = await new HttpClient().PostAsync(new Uri(host.App.BaseAddress, "/api/events?code=" + Uri.EscapeDataString(host.Settings.FunctionKey)), content);
            Assert.True((int)answer.StatusCode < 500, $"{malformed}: {(int)answer.StatusCode}");
        }

        using HttpResponseMessage late = await host.Api.Http.PostAsJsonAsync($"/api/releases/{id}/signals", new { id = "late-1", type = "ReleasePolicy.Deployment.Failed", data = new { } });
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
    }

    private static EventGridPublisherClient Pipeline(InProcessHost host) =>
        new(new Uri(host.App.BaseAddress, "/api/events?code=" + Uri.EscapeDataString(host.Settings.FunctionKey)), new AzureKeyCredential("unused"));

    private static CloudEvent Signal(string releaseId, string type, object data) =>
        new("/pipelines/payments/runs/1", type, data) { Id = Guid.NewGuid().ToString("N"), Subject = $"releases/{releaseId}" };

    private static object Sample(string releaseId, double errorRate) => new
    {
        releaseId,
        requests = 48210,
        errorRatePercent = errorRate,
        p95LatencyMs = 240,
        healthChecks = new { passed = 12, failed = 0 },
    };

    private static async Task SampleEverySecondAsync(EventGridPublisherClient pipeline, string id, double errorRate, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await pipeline.SendEventAsync(Signal(id, "ReleasePolicy.Health.Sample", Sample(id, errorRate)), cancellationToken);
            await Task.Delay(1000, cancellationToken);
        }
    }

    private static string[] DeploymentOutcomes(JsonElement release) =>
        [.. release.GetProperty("decisions").EnumerateArray().Where(d => d.GetProperty("stage").GetString() == "deployment").Select(d => d.GetProperty("outcome").GetString()!)];

    private static JsonElement Deployment(JsonElement release, string outcome) =>
        release.GetProperty("decisions").EnumerateArray().Single(d => d.GetProperty("stage").GetString() == "deployment" && d.GetProperty("outcome").GetString() == outcome);

    private static JsonElement ReceivedEvent(LocalEventSubscriber subscriber, string type)
    {
        foreach (ReceivedPost post in subscriber.Posts)
        {
            using JsonDocument body = JsonDocument.Parse(post.Body);
            IEnumerable<JsonElement> events = body.RootElement.ValueKind == JsonValueKind.Array ? body.RootElement.EnumerateArray() : [body.RootElement];
            foreach (JsonElement cloudEvent in events.Where(e => e.GetProperty("type").GetString() == type))
            {
                return cloudEvent.Clone();
            }
        }

        Assert.Fail($"The subscriber received no {type}.");
        return default;
    }

    private static async Task<JsonElement> GetJsonAsync(InProcessHost host, string path)
    {
        using HttpResponseMessage response = await host.Api.Http.GetAsync(path);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<IReadOnlyList<string>> MailKindsAsync(InProcessHost host, string releaseId)
    {
        using var http = new HttpClient { BaseAddress = host.App.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/dev/outbox");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using HttpResponseMessage response = await http.SendAsync(request);
        using JsonDocument outbox = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. outbox.RootElement.GetProperty("mails").EnumerateArray().Where(m => m.GetProperty("releaseId").GetString() == releaseId).Select(m => m.GetProperty("kind").GetString()!)];
    }

    private static async Task<IReadOnlyList<string>> DevEventTypesAsync(InProcessHost host, string releaseId)
    {
        using var http = new HttpClient { BaseAddress = host.App.BaseAddress };
        using HttpResponseMessage response = await http.GetAsync($"/api/dev/events?releaseId={releaseId}");
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        using JsonDocument events = JsonDocument.Parse(text);
        return [.. events.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()!)];
    }

    private static async Task<HttpResponseMessage> FileRcaAsync(InProcessHost host, string incidentId, string personKey)
    {
        using var http = new HttpClient { BaseAddress = host.App.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/incidents/{incidentId}/rca")
        {
            Content = JsonContent.Create(new { findings = "A retry storm exhausted the connection pool.", actions = new[] { "Cap retries", "Alert on pool saturation" } }),
        };
        request.Headers.Add("x-functions-key", personKey);
        return await http.SendAsync(request);
    }
}
