using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using ReleasePolicy.Access;
using ReleasePolicy.Deployment.Events;
using ReleasePolicy.Deployment.Signals;
using ReleasePolicy.Functions.Http;
using ReleasePolicy.Readiness;
using ReleasePolicy.Releases;
using ReleasePolicy.Validation;

namespace ReleasePolicy.Functions.Triggers.Events;

/// <summary>
/// Signals for one release, for pipelines without Event Grid and for the rollback owner's manual rollback. The release is
/// named by the route, so nothing is matched: the signal is recorded on it and raised while it deploys, through the same
/// processor (and de-duplication) as webhook deliveries. The door admits any known caller; who may post which signal is
/// decided here (<see cref="SignalAuthorizer"/>), because it depends on the signal and on the release's policy.
/// </summary>
public sealed class ReleaseSignalsApi(IReleaseStore releases, SignalAuthorizer authorizer, InboundEventProcessor processor, TableEventLedger ledger)
{
    [Function("PostReleaseSignal")]
    public async Task<IActionResult> Post(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "releases/{id}/signals")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string id,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        (byte[]? body, IActionResult? refusal) = await JsonRequestBody.ReadAsync(request, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        if (await this.FindAsync(id, cancellationToken).ConfigureAwait(false) is not { } release)
        {
            return UnknownRelease(id);
        }

        (ReleaseSignalRequest? signal, IReadOnlyList<FieldError> errors) = ReleaseSignalRequestParser.Parse(body!);
        if (signal is null)
        {
            return ApiResults.ValidationProblem(errors);
        }

        CallerPrincipal caller = HttpDoor.CallerOf(request);
        if (await authorizer.RefusalAsync(caller, signal.Type, release, cancellationToken).ConfigureAwait(false) is { } why)
        {
            return ApiResults.Problem(StatusCodes.Status403Forbidden, "Forbidden", why, [new ProblemError("type", why)]);
        }

        if (ReleaseProgression.IsFinished(release.Status))
        {
            return ApiResults.Problem(
                StatusCodes.Status409Conflict,
                "The release has finished",
                $"Release {release.Id} ended as {release.Status}; a signal can no longer change it, and this one was not recorded.");
        }

        var inbound = new InboundEvent(signal.Id, "releases-api:" + caller.Name, signal.Type, "releases/" + release.Id, signal.Time, signal.DataJson, EventSchema.ReleaseSignalsApi);
        // The authorizer has verified the rollback owner; only then does the signal carry the person who asked.
        string? authorizedPerson = signal.Type == SignalTypes.ManualRollback ? caller.Name : null;
        SignalOutcome outcome = await processor.ProcessForReleaseAsync(inbound, ReleaseSummary.Of(release), authorizedPerson, client, cancellationToken).ConfigureAwait(false);
        return ApiResults.Json(
            new SignalAccepted(signal.Id, release.Id, outcome.Duplicate, outcome.Raised),
            outcome.Duplicate ? StatusCodes.Status200OK : StatusCodes.Status202Accepted);
    }

    [Function("ListReleaseSignals")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "releases/{id}/signals")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        int limit = 100;
        if (request.Query["limit"].FirstOrDefault() is { Length: > 0 } limitText && (!int.TryParse(limitText, out limit) || limit is < 1 or > 1000))
        {
            return ApiResults.ValidationProblem([new FieldError("limit", "Must be a whole number from 1 to 1000.")]);
        }

        if (await this.FindAsync(id, cancellationToken).ConfigureAwait(false) is not { } release)
        {
            return UnknownRelease(id);
        }

        IReadOnlyList<StoredEvent> events = await ledger.ListForReleaseAsync(release.Id, limit, cancellationToken).ConfigureAwait(false);
        return ApiResults.Json(new ReleaseSignals(release.Id, events));
    }

    private async Task<ReleaseRecord?> FindAsync(string id, CancellationToken cancellationToken) =>
        ReleaseIdentity.IsWellFormed(id) ? await releases.GetAsync(id, cancellationToken).ConfigureAwait(false) : null;

    private static JsonBodyResult UnknownRelease(string id) => ApiResults.NotFound($"No release has the id '{TextCharacters.Escape(id, maxLength: 100)}'.");
}

/// <summary>What became of a posted signal: <c>duplicate</c> (its id was posted before; no effect) and <c>raised</c> (the deploying release's orchestration received it).</summary>
public sealed record SignalAccepted(string EventId, string ReleaseId, bool Duplicate, bool Raised);

/// <summary>The events recorded for a release, oldest first.</summary>
public sealed record ReleaseSignals(string ReleaseId, IReadOnlyList<StoredEvent> Events);
