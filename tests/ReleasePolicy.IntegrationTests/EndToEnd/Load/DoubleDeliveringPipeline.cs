using System.Collections.Concurrent;
using Azure;
using Azure.Messaging;
using Azure.Messaging.EventGrid;

namespace ReleasePolicy.IntegrationTests.EndToEnd.Load;

/// <summary>
/// A pipeline that reports through the real <c>EventGridPublisherClient</c> and delivers every CloudEvent twice with the
/// same id, as Event Grid's at-least-once delivery may: a release's first signal (Started) twice at the same moment,
/// every later one twice in a row. Remembers each id it sent, for the ledger check.
/// </summary>
internal sealed class DoubleDeliveringPipeline(Uri baseAddress, string key)
{
    private readonly EventGridPublisherClient client = new(new Uri(baseAddress, "/api/events?code=" + Uri.EscapeDataString(key)), new AzureKeyCredential("unused"));

    /// <summary>Every event id sent, with the release it names.</summary>
    public ConcurrentDictionary<string, string> Sent { get; } = new(StringComparer.Ordinal);

    public async Task StartedAsync(string releaseId)
    {
        CloudEvent started = this.Event(releaseId, "ReleasePolicy.Deployment.Started", new { releaseId });
        await Task.WhenAll(this.client.SendEventAsync(started), this.client.SendEventAsync(started));
    }

    public Task SucceededAsync(string releaseId) => this.TwiceAsync(this.Event(releaseId, "ReleasePolicy.Deployment.Succeeded", new { releaseId }));

    public Task RollbackCompletedAsync(string releaseId) => this.TwiceAsync(this.Event(releaseId, "ReleasePolicy.Deployment.RollbackCompleted", new { releaseId }));

    public Task SampleAsync(string releaseId, double errorRatePercent) => this.TwiceAsync(this.Event(releaseId, "ReleasePolicy.Health.Sample", new
    {
        releaseId,
        requests = 20000,
        errorRatePercent,
        p95LatencyMs = 210,
        healthChecks = new { passed = 6, failed = 0 },
    }));

    private async Task TwiceAsync(CloudEvent signal)
    {
        await this.client.SendEventAsync(signal);
        await this.client.SendEventAsync(signal);
    }

    private CloudEvent Event(string releaseId, string type, object data)
    {
        var signal = new CloudEvent("/pipelines/payments/load", type, data) { Id = Guid.NewGuid().ToString("N"), Subject = $"releases/{releaseId}" };
        this.Sent[signal.Id] = releaseId;
        return signal;
    }
}
