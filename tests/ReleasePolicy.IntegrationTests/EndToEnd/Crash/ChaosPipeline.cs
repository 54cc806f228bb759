using System.Collections.Concurrent;
using Azure;
using Azure.Messaging;
using Azure.Messaging.EventGrid;

namespace ReleasePolicy.IntegrationTests.EndToEnd.Crash;

/// <summary>
/// The deploying pipeline: CloudEvents through the real <c>EventGridPublisherClient</c> to <c>/api/events</c> of the
/// host serving now. A delivery that dies with the host is sent again with the same id, as Event Grid redelivers, so
/// the service must take it once. Remembers each id sent, for the events ledger check.
/// </summary>
internal sealed class ChaosPipeline(ChaosHost host)
{
    private static readonly TimeSpan DeliveryDeadline = TimeSpan.FromSeconds(150);

    /// <summary>Every event id sent, with the release it names.</summary>
    public ConcurrentDictionary<string, string> Sent { get; } = new(StringComparer.Ordinal);

    public Task StartedAsync(string releaseId) => this.SendAsync(releaseId, "ReleasePolicy.Deployment.Started", new { releaseId });

    public Task SucceededAsync(string releaseId) => this.SendAsync(releaseId, "ReleasePolicy.Deployment.Succeeded", new { releaseId });

    public Task RollbackCompletedAsync(string releaseId) => this.SendAsync(releaseId, "ReleasePolicy.Deployment.RollbackCompleted", new { releaseId });

    public Task SampleAsync(string releaseId, double errorRatePercent) => this.SendAsync(releaseId, "ReleasePolicy.Health.Sample", new
    {
        releaseId,
        requests = 20000,
        errorRatePercent,
        p95LatencyMs = 210,
        healthChecks = new { passed = 6, failed = 0 },
    });

    private async Task SendAsync(string releaseId, string type, object data)
    {
        var signal = new CloudEvent("/pipelines/crash-suite", type, data) { Id = Guid.NewGuid().ToString("N"), Subject = $"releases/{releaseId}" };
        this.Sent[signal.Id] = releaseId;
        DateTime until = DateTime.UtcNow + DeliveryDeadline;
        while (true)
        {
            // No retries inside the client: a dead host's address never answers again, the next attempt goes to the new one.
            var options = new EventGridPublisherClientOptions();
            options.Retry.MaxRetries = 0;
            var client = new EventGridPublisherClient(new Uri(host.BaseAddress, "/api/events?code=" + Uri.EscapeDataString(host.Settings.FunctionKey)), new AzureKeyCredential("unused"), options);
            try
            {
                await client.SendEventAsync(signal);
                return;
            }
            catch (RequestFailedException e) when (e.Status == 0 && DateTime.UtcNow < until)
            {
                // Status 0: no answer at all (connection refused or reset): the host is dead or restarting.
                await Task.Delay(250);
            }
            catch (RequestFailedException e) when (e.Status == 503 && DateTime.UtcNow < until)
            {
                // Another redelivery won the takeover of the claim a dead host left: Event Grid delivers again later,
                // and so does this pipeline, until the event is handled (then it is a duplicate).
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }
}
