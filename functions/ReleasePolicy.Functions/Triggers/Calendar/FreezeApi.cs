using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ReleasePolicy.Access;
using ReleasePolicy.Calendar;
using ReleasePolicy.Calendar.Api;
using ReleasePolicy.Functions.Http;
using ReleasePolicy.Policy;
using ReleasePolicy.Policy.Store;
using ReleasePolicy.Readiness;
using ReleasePolicy.Validation;

namespace ReleasePolicy.Functions.Triggers.Calendar;

/// <summary>
/// Ad-hoc freezes (e.g. during an incident), added by the policy administrator: effective at once for every release
/// not yet deploying (the pre-deployment check sees it). Each is evidence first (<see cref="FreezeEvidenceLog"/>), then
/// stored; a retry with the same <c>Idempotency-Key</c> returns the same freeze.
/// </summary>
public sealed partial class FreezeApi(PolicyCatalog policies, IFreezeStore freezes, FreezeEvidenceLog evidence, TimeProvider time, ILogger<FreezeApi> logger)
{
    [Function("AddCalendarFreeze")]
    public async Task<IActionResult> Add(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "calendar/freezes")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        (byte[]? body, IActionResult? refusal) = await JsonRequestBody.ReadAsync(request, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        var errors = new List<FieldError>();
        string? key = IdempotencyKeyHeader.Read(request, errors);

        (_, PolicyDocument policy) = await policies.GetActiveAsync(cancellationToken).ConfigureAwait(false);
        DateTimeOffset now = time.GetUtcNow();
        AdHocFreezeRequest? parsed;
        using (JsonDocument document = JsonDocument.Parse(body!, new JsonDocumentOptions { MaxDepth = StrictJson.MaxDepth }))
        {
            (parsed, IReadOnlyList<FieldError> bodyErrors) = AdHocFreezeRequestParser.Parse(document.RootElement, policy, now);
            errors.AddRange(bodyErrors);
        }

        if (errors.Count > 0)
        {
            return ApiResults.ValidationProblem(errors);
        }

        CallerPrincipal caller = HttpDoor.CallerOf(request);
        string id = FreezeEvidenceLog.NewId(caller.Name, key);
        bool replayed = false;
        AdHocFreeze freeze;
        string record;
        try
        {
            if (key is not null && await evidence.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } earlier)
            {
                if (!parsed!.Describes(earlier.Freeze))
                {
                    return KeyReused(key, id);
                }

                // A retry: the earlier attempt's freeze, stored again in case that attempt stopped before the store.
                (freeze, record, replayed) = (earlier.Freeze, FreezeEvidenceLog.BlobName(id), true);
            }
            else
            {
                (freeze, record) = await evidence.RecordAsync(parsed!.ToFreeze(id, caller.Name, now), caller.AuthenticatedBy, key, cancellationToken).ConfigureAwait(false);
            }

            await freezes.AddAsync(freeze, cancellationToken).ConfigureAwait(false);
        }
        catch (FreezeConflictException)
        {
            return KeyReused(key ?? string.Empty, id);
        }

        if (!replayed)
        {
            LogAdded(logger, freeze.Id, caller.Name, freeze.Start, freeze.End, string.Join(",", freeze.Environments));
        }

        JsonBodyResult created = ApiResults.Json(FreezeCreated.From(freeze, record), StatusCodes.Status201Created);
        created.Headers["Location"] = FreezeCreated.UrlOf(freeze.Id);
        if (replayed)
        {
            created.Headers["Idempotent-Replayed"] = "true";
        }

        return created;
    }

    [Function("GetCalendarFreeze")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "calendar/freezes/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        FreezeEvidence? recorded = IsFreezeId(id) ? await evidence.GetAsync(id, cancellationToken).ConfigureAwait(false) : null;
        if (recorded is null)
        {
            return ApiResults.NotFound($"No ad-hoc freeze has the id '{TextCharacters.Escape(id, maxLength: 100)}'.");
        }

        // Recorded first, stored second: a freeze whose request stopped between the two is on record but not in force.
        IReadOnlyList<AdHocFreeze> stored = await freezes.ListAsync(recorded.Freeze.Range, cancellationToken).ConfigureAwait(false);
        bool inForce = stored.Any(f => string.Equals(f.Id, id, StringComparison.Ordinal));
        return ApiResults.Json(FreezeCreated.From(recorded.Freeze, FreezeEvidenceLog.BlobName(id)) with { Stored = inForce });
    }

    private static bool IsFreezeId(string id) =>
        id.Length == "adhoc-".Length + 32 && id.StartsWith("adhoc-", StringComparison.Ordinal) && id.AsSpan(6).ContainsAnyExcept("0123456789abcdef") is false;

    private static JsonBodyResult KeyReused(string key, string id) => ApiResults.Problem(
        StatusCodes.Status409Conflict,
        "Idempotency key reused",
        $"Ad-hoc freeze {id} was added with the idempotency key '{TextCharacters.Escape(key, 100)}' and a different request. A retry must repeat the same request; for a new freeze, send a new Idempotency-Key.",
        [new ProblemError("Idempotency-Key", "Already used for a different freeze.")]);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ad-hoc freeze {FreezeId} added by {Caller}: {Start} to {End} in {Environments}")]
    private static partial void LogAdded(ILogger logger, string freezeId, string caller, DateTimeOffset start, DateTimeOffset end, string environments);
}

/// <summary>An ad-hoc freeze as the API shows it, with its evidence record.</summary>
/// <param name="Stored">False only when the freeze is on record but its request stopped before storing it (not in force).</param>
public sealed record FreezeCreated(
    string Id,
    string Reason,
    DateTimeOffset Start,
    DateTimeOffset End,
    IReadOnlyList<string> Environments,
    IReadOnlyList<string> Services,
    IReadOnlyList<string> Tiers,
    IReadOnlyList<ReleaseType> AllowedReleaseTypes,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    string Record,
    string Url,
    bool Stored = true)
{
    public static string UrlOf(string id) => "/api/calendar/freezes/" + Uri.EscapeDataString(id);

    public static FreezeCreated From(AdHocFreeze freeze, string record)
    {
        ArgumentNullException.ThrowIfNull(freeze);
        return new(freeze.Id, freeze.Reason, freeze.Start, freeze.End, freeze.Environments, freeze.Services, freeze.Tiers, freeze.AllowedReleaseTypes, freeze.CreatedBy, freeze.CreatedAt, record, UrlOf(freeze.Id));
    }
}
