using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using ReleasePolicy.Deployment.Events;
using ReleasePolicy.Deployment.Signals;
using ReleasePolicy.Functions.Http;

namespace ReleasePolicy.Functions.Triggers.Events;

/// <summary>
/// Azure Monitor's action group webhook: one alert in the common alert schema per post, the key in <c>code</c> (an
/// action group cannot set headers). A valid alert becomes an event with a stable id (a retried notification is a
/// duplicate) and goes through the same processor as Event Grid deliveries: de-duplicated, matched by the policy's alert
/// mappings to a deploying release, or kept as unmatched. Only a malformed alert is a 4xx.
/// </summary>
public sealed class AlertsApi(InboundEventProcessor processor)
{
    /// <summary>256 KiB: common-schema alerts are a few KiB; the alert travels into an orchestration's history.</summary>
    public const int MaxAlertBytes = 256 * 1024;

    [Function("ReceiveAlert")]
    public async Task<IActionResult> Receive(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "alerts")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        (byte[]? body, IActionResult? refusal) = await JsonRequestBody.ReadAsync(request, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        if (body!.Length > MaxAlertBytes)
        {
            return ApiResults.Problem(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"An alert must be at most {MaxAlertBytes / 1024} KiB.");
        }

        string text = Encoding.UTF8.GetString(body);
        AlertParseResult parsed = AzureMonitorAlertParser.Parse(text);
        if (parsed.Alert is not { } alert)
        {
            return ApiResults.ValidationProblem([parsed.Error!]);
        }

        DeliverySummary summary = await processor.ProcessAsync([AlertEvents.ToInboundEvent(alert, text)], client, cancellationToken).ConfigureAwait(false);
        return ApiResults.Json(summary);
    }
}
