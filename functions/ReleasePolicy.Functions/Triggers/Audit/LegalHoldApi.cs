using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ReleasePolicy.Access;
using ReleasePolicy.Evidence;
using ReleasePolicy.Functions.Http;
using ReleasePolicy.Releases;

namespace ReleasePolicy.Functions.Triggers.Audit;

/// <summary>
/// Auditors place and clear a legal hold on a release's records, with a reason; each is itself evidence (the
/// release's holds chain). Where storage supports it the hold is set on every blob; Azurite cannot (see /api/health).
/// </summary>
public sealed partial class LegalHoldApi(IEvidenceStore evidence, IReleaseStore releases, ILogger<LegalHoldApi> logger)
{
    private const int MaxReasonLength = 1000;

    [Function("PlaceLegalHold")]
    public Task<IActionResult> Place(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "audit/releases/{id}/legal-hold")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) => this.ChangeAsync(request, id, place: true, cancellationToken);

    [Function("ClearLegalHold")]
    public Task<IActionResult> Clear(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "audit/releases/{id}/legal-hold")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) => this.ChangeAsync(request, id, place: false, cancellationToken);

    private async Task<IActionResult> ChangeAsync(HttpRequest request, string id, bool place, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ReleaseRecord? release = ReleaseIdentity.IsWellFormed(id) ? await releases.GetAsync(id, cancellationToken).ConfigureAwait(false) : null;
        if (release is null)
        {
            return ApiResults.NotFound($"No release with evidence has the id '{id}'.");
        }

        (byte[]? body, IActionResult? refusal) = await JsonRequestBody.ReadAsync(request, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        if (ReadReason(body!) is not { } reason)
        {
            return ApiResults.ValidationProblem([new ProblemError("reason", $"Required: a JSON object {{\"reason\": \"...\"}} with a reason of 1–{MaxReasonLength} characters, no control characters.")]);
        }

        CallerPrincipal caller = HttpDoor.CallerOf(request);
        var actor = new EvidenceActor(caller.Name, caller.Kind == CallerKind.Person ? ActorKind.Auditor : ActorKind.Pipeline);
        AppendOutcome outcome = place
            ? await evidence.PlaceLegalHoldAsync(release.Service, id, actor, reason, cancellationToken).ConfigureAwait(false)
            : await evidence.ClearLegalHoldAsync(release.Service, id, actor, reason, cancellationToken).ConfigureAwait(false);
        LogChanged(logger, place ? "placed" : "cleared", id, caller.Name);
        WormCapability worm = await evidence.GetWormCapabilityAsync(cancellationToken).ConfigureAwait(false);
        return ApiResults.Json(
            new { releaseId = id, legalHold = place, record = outcome.BlobName, sha256 = outcome.Sha256, enforcedByStorage = worm.LegalHold, worm = worm.Status },
            place ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    private static string? ReadReason(byte[] body)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("reason", out JsonElement reason)
                && reason.ValueKind == JsonValueKind.String
                && reason.GetString()!.Trim() is { Length: > 0 and <= MaxReasonLength } text
                && !text.Any(char.IsControl))
            {
                return text;
            }
        }
        catch (JsonException)
        {
            // Falls through to the validation problem.
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Legal hold {Change} on release {ReleaseId} by {Principal}")]
    private static partial void LogChanged(ILogger logger, string change, string releaseId, string principal);
}
