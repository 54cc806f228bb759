using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ReleasePolicy.Access;
using ReleasePolicy.Deployment.Incidents;
using ReleasePolicy.Deployment.Incidents.Api;
using ReleasePolicy.Functions.Http;
using ReleasePolicy.Policy;
using ReleasePolicy.Policy.Store;
using ReleasePolicy.Readiness;
using ReleasePolicy.Releases;
using ReleasePolicy.Validation;

namespace ReleasePolicy.Functions.Triggers.Incidents;

/// <summary>
/// Incidents opened by rollbacks, and their root-cause analyses. Reading is for whoever reads releases; filing is for a
/// person who owns the incident's service in the active policy. The analysis is evidence first
/// (<see cref="RootCauseEvidenceLog"/>), then stored on the incident, which stops it owing one (readiness reads that).
/// </summary>
public sealed partial class IncidentsApi(
    IIncidentStore incidents, RootCauseEvidenceLog evidence, IncidentOwners owners, PolicyCatalog policies, TimeProvider time, ILogger<IncidentsApi> logger)
{
    [Function("ListIncidents")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "incidents")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<FieldError>();
        string? service = null;
        if (request.Query["service"].FirstOrDefault() is { Length: > 0 } serviceText)
        {
            if (Identifiers.CheckService(serviceText) is { } bad)
            {
                errors.Add(new FieldError("service", bad));
            }
            else
            {
                service = serviceText;
            }
        }

        bool? owing = null;
        if (request.Query["owingRootCause"].FirstOrDefault() is { Length: > 0 } owingText)
        {
            owing = owingText switch
            {
                "true" => true,
                "false" => false,
                _ => null,
            };
            if (owing is null)
            {
                errors.Add(new FieldError("owingRootCause", "Must be true or false."));
            }
        }

        int limit = 100;
        if (request.Query["limit"].FirstOrDefault() is { Length: > 0 } limitText && (!int.TryParse(limitText, out limit) || limit is < 1 or > 1000))
        {
            errors.Add(new FieldError("limit", "Must be a whole number from 1 to 1000."));
        }

        if (errors.Count > 0)
        {
            return ApiResults.ValidationProblem(errors);
        }

        IReadOnlyList<Incident> found = await incidents.ListAsync(service, owing, limit, cancellationToken).ConfigureAwait(false);
        return ApiResults.Json(new IncidentList(found.Select(IncidentView.From).ToArray()));
    }

    [Function("GetIncident")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "incidents/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Incident? incident = IsIncidentId(id) ? await incidents.GetAsync(id, cancellationToken).ConfigureAwait(false) : null;
        return incident is null ? NotFound(id) : ApiResults.Json(IncidentView.From(incident));
    }

    [Function("FileRootCauseAnalysis")]
    public async Task<IActionResult> FileRootCause(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "incidents/{id}/rca")] HttpRequest request,
        string id,
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

        RootCauseAnalysisRequest? filing;
        using (JsonDocument document = JsonDocument.Parse(body!, new JsonDocumentOptions { MaxDepth = StrictJson.MaxDepth }))
        {
            (filing, IReadOnlyList<FieldError> bodyErrors) = RootCauseAnalysisRequestParser.Parse(document.RootElement);
            errors.AddRange(bodyErrors);
        }

        if (errors.Count > 0)
        {
            return ApiResults.ValidationProblem(errors);
        }

        Incident? incident = IsIncidentId(id) ? await incidents.GetAsync(id, cancellationToken).ConfigureAwait(false) : null;
        if (incident is null)
        {
            return NotFound(id);
        }

        CallerPrincipal caller = HttpDoor.CallerOf(request);
        (_, PolicyDocument policy) = await policies.GetActiveAsync(cancellationToken).ConfigureAwait(false);
        string? ownerEntry = caller.Kind == CallerKind.Person && !caller.IsAnonymous
            ? await owners.OwnerEntryAsync(policy, incident.Service, caller.Name, cancellationToken).ConfigureAwait(false)
            : null;
        if (ownerEntry is null)
        {
            IReadOnlyList<string> who = IncidentOwners.Of(policy, incident.Service);
            string allowed = who.Count == 0 ? $"nobody: the active policy has no ownership entry for {incident.Service}" : string.Join(", ", who) + " (directly or as a member of a listed group)";
            return ApiResults.Forbidden(
                $"'{caller.Name}' may not file the root-cause analysis of {incident.Id}: only a person who owns {incident.Service} in the active policy " +
                $"(its ownership.approvers or rollbackOwner) may. Allowed: {allowed}.");
        }

        return await this.FileAsync(incident, filing!, caller, key, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Evidence first, then the incident; a retry of the same filing (same person, key and content) answers as the first did.</summary>
    private async Task<IActionResult> FileAsync(Incident incident, RootCauseAnalysisRequest filing, CallerPrincipal caller, string? key, CancellationToken cancellationToken)
    {
        string record = RootCauseEvidenceLog.BlobName(incident.Id);
        if (incident.RootCauseAnalysis is { } filed)
        {
            return await this.IsReplayAsync(incident.Id, filing, caller, key, cancellationToken).ConfigureAwait(false) is { } sha
                ? Created(incident, sha, replayed: true)
                : AlreadyFiled(incident, filed);
        }

        RootCauseAnalysis analysis = filing.ToAnalysis(caller.Name, time.GetUtcNow(), record);
        (RootCauseEvidence written, bool wrote, string sha256) = await evidence.RecordAsync(incident, analysis, caller.AuthenticatedBy, key, cancellationToken).ConfigureAwait(false);
        if (!wrote && !SameFiling(written, filing, caller, key))
        {
            // Another filing's record is there: it stands. Its request may have stopped before the store, so finish that
            // (the record is the truth), then refuse this one.
            Incident current = await this.StoreOrCurrentAsync(incident, written.Analysis, cancellationToken).ConfigureAwait(false);
            return AlreadyFiled(current, current.RootCauseAnalysis ?? written.Analysis);
        }

        // Ours: written now, or by this filing's earlier attempt (same person, key and content), which the store may lack.
        analysis = written.Analysis;
        Incident stored = await this.StoreOrCurrentAsync(incident, analysis, cancellationToken).ConfigureAwait(false);
        if (stored.RootCauseAnalysis is not { } onFile || !SameAnalysis(onFile, analysis))
        {
            return AlreadyFiled(stored, stored.RootCauseAnalysis ?? analysis);
        }

        LogFiled(logger, stored.Id, stored.Service, stored.Environment, caller.Name);
        return Created(stored, sha256, replayed: !wrote);
    }

    /// <summary>Stores the analysis on the incident; when one is already there, the incident as it is.</summary>
    private async Task<Incident> StoreOrCurrentAsync(Incident incident, RootCauseAnalysis analysis, CancellationToken cancellationToken)
    {
        try
        {
            return await incidents.FileRootCauseAsync(incident.Id, analysis, cancellationToken).ConfigureAwait(false);
        }
        catch (RootCauseAlreadyFiledException e)
        {
            return e.Incident ?? incident;
        }
    }

    private static bool SameAnalysis(RootCauseAnalysis left, RootCauseAnalysis right) =>
        left.FiledAt == right.FiledAt
        && string.Equals(left.FiledBy, right.FiledBy, StringComparison.Ordinal)
        && string.Equals(left.Findings, right.Findings, StringComparison.Ordinal)
        && left.Actions.SequenceEqual(right.Actions, StringComparer.Ordinal)
        && string.Equals(left.Reference, right.Reference, StringComparison.Ordinal);

    /// <summary>The record's SHA-256 when the analysis on file is this very filing repeated with its Idempotency-Key; else null.</summary>
    private async Task<string?> IsReplayAsync(string incidentId, RootCauseAnalysisRequest filing, CallerPrincipal caller, string? key, CancellationToken cancellationToken)
    {
        if (key is null)
        {
            return null;
        }

        (RootCauseEvidence Record, string Sha256)? recorded = await evidence.GetAsync(incidentId, cancellationToken).ConfigureAwait(false);
        return recorded is { } found && SameFiling(found.Record, filing, caller, key) ? found.Sha256 : null;
    }

    private static bool SameFiling(RootCauseEvidence record, RootCauseAnalysisRequest filing, CallerPrincipal caller, string? key) =>
        key is not null
        && string.Equals(record.IdempotencyKey, key, StringComparison.Ordinal)
        && string.Equals(record.Analysis.FiledBy, caller.Name, StringComparison.Ordinal)
        && filing.Describes(record.Analysis);

    private static JsonBodyResult Created(Incident incident, string sha256, bool replayed)
    {
        JsonBodyResult created = ApiResults.Json(IncidentView.From(incident) with { RecordSha256 = sha256 }, StatusCodes.Status201Created);
        created.Headers["Location"] = IncidentView.UrlOf(incident.Id);
        if (replayed)
        {
            created.Headers["Idempotent-Replayed"] = "true";
        }

        return created;
    }

    private static JsonBodyResult AlreadyFiled(Incident incident, RootCauseAnalysis filed) => ApiResults.Problem(
        StatusCodes.Status409Conflict,
        "Root-cause analysis already filed",
        $"Incident {incident.Id} already has a root-cause analysis, filed by {filed.FiledBy} at {filed.FiledAt:O} (evidence record {filed.EvidenceRecord}). It is evidence and stands; it is not replaced.",
        [new ProblemError("id", "A root-cause analysis is already on record for this incident.")]);

    private static JsonBodyResult NotFound(string id) =>
        ApiResults.NotFound($"No incident has the id '{TextCharacters.Escape(id, maxLength: 100)}'.");

    /// <summary><c>inc-</c> and a release id: anything else cannot name an incident, and is not looked up.</summary>
    private static bool IsIncidentId(string id) =>
        id.StartsWith("inc-", StringComparison.Ordinal) && ReleaseIdentity.IsWellFormed(id[4..]);

    [LoggerMessage(Level = LogLevel.Information, Message = "Root-cause analysis of incident {IncidentId} ({Service} in {Environment}) filed by {Caller}")]
    private static partial void LogFiled(ILogger logger, string incidentId, string service, string environment, string caller);
}
