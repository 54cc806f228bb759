using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using ReleasePolicy.Deployment.Events;
using ReleasePolicy.Functions.Http;
using ReleasePolicy.Readiness;
using ReleasePolicy.Validation;

namespace ReleasePolicy.Functions.Triggers.Events;

/// <summary>
/// The Event Grid webhook (an HTTP function: the isolated Event Grid trigger is not available to us, and webhook
/// delivery is Event Grid's documented contract). Answers 400 only to what is not an event delivery, and 2xx to
/// everything it accepted or deliberately ignored (duplicates, unmatched), so Event Grid never retries those forever.
/// </summary>
public sealed class EventsApi(InboundEventProcessor processor, TableEventLedger ledger)
{
    /// <summary>Longest <c>WebHook-Request-Origin</c> echoed back: a DNS name is at most 253 characters.</summary>
    private const int MaxOriginLength = 253;

    [Function("ReceiveEvents")]
    public async Task<IActionResult> Receive(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "events")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        (byte[]? body, IActionResult? refusal) = await JsonRequestBody.ReadAsync(request, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        EventDelivery delivery = EventDeliveryParser.Parse(body!);
        if (delivery.Problem is { } problem)
        {
            return ApiResults.ValidationProblem([new FieldError("$", problem)]);
        }

        if (delivery.ValidationCode is { } code)
        {
            return ApiResults.Json(new ValidationAnswer(code));
        }

        DeliverySummary summary = await processor.ProcessAsync(delivery.Events, client, cancellationToken).ConfigureAwait(false);
        return ApiResults.Json(summary);
    }

    /// <summary>
    /// CloudEvents webhook abuse protection: the sender asks with <c>WebHook-Request-Origin</c> whether it may deliver
    /// here, and we allow it by echoing the origin. Event Grid calls this with the subscription's URL, key included, so
    /// the route requires the same key as deliveries: nobody else learns that the endpoint accepts events.
    /// </summary>
    [Function("EventsHandshake")]
    public static IActionResult Handshake(
        [HttpTrigger(AuthorizationLevel.Anonymous, "options", Route = "events")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? origin = request.Headers["WebHook-Request-Origin"].FirstOrDefault()?.Trim();
        string? reason = origin switch
        {
            null or "" => "Required for the CloudEvents abuse-protection handshake.",
            { Length: > MaxOriginLength } => $"At most {MaxOriginLength} characters.",
            _ when origin.Contains(',', StringComparison.Ordinal) || TextCharacters.FindForbidden(origin) is not null => "Must be one host name.",
            _ => null,
        };
        if (reason is not null)
        {
            return ApiResults.ValidationProblem([new FieldError("WebHook-Request-Origin", reason)]);
        }

        JsonBodyResult allowed = ApiResults.Json(new HandshakeAnswer(origin!));
        allowed.Headers["WebHook-Allowed-Origin"] = origin!;
        allowed.Headers["WebHook-Allowed-Rate"] = "*";
        allowed.Headers["Allow"] = "POST, OPTIONS";
        return allowed;
    }

    [Function("ListUnmatchedEvents")]
    public async Task<IActionResult> ListUnmatched(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "events/unmatched")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        int limit = 100;
        if (request.Query["limit"].FirstOrDefault() is { Length: > 0 } limitText && (!int.TryParse(limitText, out limit) || limit is < 1 or > 1000))
        {
            return ApiResults.ValidationProblem([new FieldError("limit", "Must be a whole number from 1 to 1000.")]);
        }

        IReadOnlyList<StoredEvent> events = await ledger.ListUnmatchedAsync(limit, cancellationToken).ConfigureAwait(false);
        return ApiResults.Json(new UnmatchedEvents(events));
    }
}

/// <summary>Event Grid's subscription validation answer.</summary>
public sealed record ValidationAnswer(string ValidationResponse);

public sealed record HandshakeAnswer(string AllowedOrigin);

/// <summary>Unmatched events, newest first.</summary>
public sealed record UnmatchedEvents(IReadOnlyList<StoredEvent> Events);
