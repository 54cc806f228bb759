using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
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
        _ => null,
    };
}
