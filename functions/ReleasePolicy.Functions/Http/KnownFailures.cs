using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using ReleasePolicy.Deployment.Events;
using ReleasePolicy.Policy.Store;

namespace ReleasePolicy.Functions.Http;

/// <summary>
/// Failures that are a state of the service a caller can act on, not a fault: answered as problems under both hosts
/// (<see cref="KnownFailureMiddleware"/> in Azure, the local host's endpoint adapter locally).
/// </summary>
public static class KnownFailures
{
    public static IActionResult? ToResult(Exception exception) => exception switch
    {
        NoActivePolicyException noPolicy => ApiResults.Problem(StatusCodes.Status409Conflict, "No policy published", noPolicy.Message),
        EventsInFlightException inFlight => InFlight(inFlight),
        _ => null,
    };

    /// <summary>503 with Retry-After: what Event Grid and the Azure SDKs retry by themselves, so the event is not lost.</summary>
    private static JsonBodyResult InFlight(EventsInFlightException inFlight)
    {
        JsonBodyResult result = ApiResults.Problem(StatusCodes.Status503ServiceUnavailable, "Being handled", inFlight.Message);
        result.Headers[HeaderNames.RetryAfter] = EventsInFlightException.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return result;
    }
}
