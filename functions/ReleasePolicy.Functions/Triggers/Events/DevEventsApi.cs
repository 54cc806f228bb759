using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using ReleasePolicy.Deployment.Outbound;
using ReleasePolicy.Functions.Http;

namespace ReleasePolicy.Functions.Triggers.Events;

/// <summary>
/// The local topic: the release events the dev outbox kept, newest first, as JSON. Like the mail outbox it is read
/// without credentials, so it exists only while the outbound mode is <see cref="OutboundEventsMode.DevOutbox"/>
/// (refused in Azure); otherwise every call is a 404.
/// </summary>
public sealed class DevEventsApi(DevEventOutbox outbox, IOptions<OutboundEventsOptions> options)
{
    private const int MaxFilterLength = 256;

    [Function("GetDevEvents")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dev/events")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (options.Value.Mode != OutboundEventsMode.DevOutbox)
        {
            return ApiResults.NotFound("The dev event outbox is off: it exists only when ReleasePolicy:Events:Outbound:Mode is DevOutbox (local development).");
        }

        string? releaseId = request.Query["releaseId"].FirstOrDefault();
        if (releaseId is { Length: > MaxFilterLength })
        {
            return ApiResults.ValidationProblem([new ProblemError("releaseId", $"At most {MaxFilterLength} characters.")]);
        }

        IReadOnlyList<DevEvent> events = await outbox.ListAsync(releaseId, cancellationToken).ConfigureAwait(false);
        return ApiResults.Json(new
        {
            events = events.Select(e => new
            {
                e.Id,
                e.Type,
                e.Source,
                e.Subject,
                e.Time,
                data = Data(e.DataJson),
            }).ToArray(),
        });
    }

    /// <summary>The data as JSON when it is JSON (it is, from our publishers); as a string otherwise.</summary>
    private static object? Data(string json)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return json;
        }
    }
}
