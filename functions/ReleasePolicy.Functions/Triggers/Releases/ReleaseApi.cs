using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReleasePolicy.Access;
using ReleasePolicy.Functions.Http;
using ReleasePolicy.Policy;
using ReleasePolicy.Policy.Store;
using ReleasePolicy.Readiness;
using ReleasePolicy.Releases;
using ReleasePolicy.Validation;
using ReleasePolicy.Workflow;


namespace ReleasePolicy.Functions.Triggers.Releases;

/// <summary>The pipeline-facing release API: submit, read one, list.</summary>
public sealed partial class ReleaseApi(
    ReleaseIntake intake,
    PolicyCatalog policies,
    IReleaseStore store,
    ISubmissionArchive submissions,
    global::ReleasePolicy.Approvals.IApprovalStore approvals,
    IOptions<WorkflowOptions> workflow,
    ILogger<ReleaseApi> logger)
{
    [Function("SubmitRelease")]
    public async Task<IActionResult> Submit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "releases")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        (byte[]? body, IActionResult? refusal) = await JsonRequestBody.ReadAsync(request, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        ParseResult parsed = ReleaseRequestParser.Parse(body, request.Headers["Idempotency-Key"].FirstOrDefault());
        if (parsed.Request is not { } release)
        {
            return ApiResults.ValidationProblem(parsed.Errors);
        }

        CallerPrincipal caller = HttpDoor.CallerOf(request);
        (_, PolicyDocument activePolicy) = await policies.GetActiveAsync(cancellationToken).ConfigureAwait(false);
        if (SubmissionAuthorizer.Check(caller, release.Service, release.RequestedBy, activePolicy) is { } refused)
        {
            return ApiResults.Problem(StatusCodes.Status403Forbidden, "Forbidden", refused.Reason, [new ProblemError(refused.Field, refused.Reason)]);
        }

        release = release with { SubmittedBy = caller.Name, SubmittedByPerson = caller.Kind == CallerKind.Person };

        IntakeResult result = await intake.SubmitAsync(release, body, workflow.Value.BakeTime, client, cancellationToken).ConfigureAwait(false);
        if (result.Outcome == IntakeOutcome.KeyReusedForAnotherRequest)
        {
            return IdempotencyConflict.For(release, result.ReleaseId);
        }

        if (result.Outcome == IntakeOutcome.CannotPass)
        {
            return ApiResults.Problem(
                StatusCodes.Status422UnprocessableEntity,
                "The release cannot pass the active policy",
                $"Policy {result.Policy?.Version} (#{result.Policy?.Sequence}) would reject this release whatever its evidence; nothing was recorded. "
                    + string.Join(" ", result.Reasons.Select(r => r.Reason)),
                result.Reasons.Select(r => new ProblemError(r.Field, r.Reason)).ToArray());
        }

        if (result.Outcome == IntakeOutcome.Accepted)
        {
            LogAccepted(logger, result.ReleaseId, release.Service, release.Version, release.Environment);
        }

        string statusUrl = ReleaseRoutes.StatusUrl(result.ReleaseId);
        var accepted = ApiResults.Json(new SubmissionAccepted(result.ReleaseId, result.Status, statusUrl), StatusCodes.Status202Accepted);
        accepted.Headers["Location"] = statusUrl;
        if (result.Outcome == IntakeOutcome.Replayed)
        {
            accepted.Headers["Idempotent-Replayed"] = "true";
        }

        return accepted;
    }

    [Function("GetRelease")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "releases/{id}")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string id,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ReleaseRecord? record = ReleaseIdentity.IsWellFormed(id) ? await store.GetAsync(id, cancellationToken).ConfigureAwait(false) : null;
        if (record is null)
        {
            return ApiResults.NotFound($"No release has the id '{TextCharacters.Escape(id, maxLength: 100)}'.");
        }

        OrchestrationMetadata? instance = await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        ReleaseView view = ReleaseView.From(record, instance?.RuntimeStatus.ToString()) with
        {
            CustomStatus = instance?.SerializedCustomStatus is { } custom ? JsonDocument.Parse(custom).RootElement.Clone() : null,
            Approvals = await approvals.ListAsync(id, cancellationToken).ConfigureAwait(false) is { Count: > 0 } tiers ? tiers : null,
        };
        if (instance?.FailureDetails is { } failure)
        {
            view = view with { Failure = this.FailureReason(record, failure) };
        }

        return ApiResults.Json(view);
    }

    [Function("GetReleaseSubmission")]
    public async Task<IActionResult> GetSubmission(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "releases/{id}/submission")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        ReleaseRecord? release = ReleaseIdentity.IsWellFormed(id) ? await store.GetAsync(id, cancellationToken).ConfigureAwait(false) : null;
        ArchivedSubmission? archived = release is null ? null : await submissions.GetAsync(release, cancellationToken).ConfigureAwait(false);
        if (archived is null)
        {
            return ApiResults.NotFound($"No submission is kept for release '{TextCharacters.Escape(id, maxLength: 100)}'.");
        }

        var result = new FileContentResult(archived.Body, "application/json");
        request.HttpContext.Response.Headers["X-Received-At"] = archived.ReceivedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        request.HttpContext.Response.Headers["X-Evidence-Record"] = archived.Record;
        request.HttpContext.Response.Headers["X-Evidence-Sha256"] = archived.Sha256;
        return result;
    }

    [Function("ListReleases")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "releases")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<FieldError>();
        string? service = request.Query["service"].FirstOrDefault();
        ReleaseStatus? status = null;
        if (request.Query["status"].FirstOrDefault() is { Length: > 0 } statusText)
        {
            if (Enum.TryParse(statusText, ignoreCase: true, out ReleaseStatus parsedStatus) && !int.TryParse(statusText, out _))
            {
                status = parsedStatus;
            }
            else
            {
                errors.Add(new FieldError("status", $"Must be one of: {string.Join(", ", Enum.GetNames<ReleaseStatus>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]))}."));
            }
        }

        int limit = 100;
        if (request.Query["limit"].FirstOrDefault() is { Length: > 0 } limitText && (!int.TryParse(limitText, out limit) || limit is < 1 or > 1000))
        {
            errors.Add(new FieldError("limit", "Must be a whole number from 1 to 1000."));
        }

        string? continuationToken = request.Query["continuationToken"].FirstOrDefault();
        if (continuationToken is not null && !ReleaseListToken.TryDecode(continuationToken, out _))
        {
            errors.Add(new FieldError("continuationToken", "Not a token this service issued; use the nextLink of the previous page, or omit it to start again."));
        }

        if (errors.Count > 0)
        {
            return ApiResults.ValidationProblem(errors);
        }

        var query = new ReleaseQuery(string.IsNullOrWhiteSpace(service) ? null : service, status, limit, continuationToken);
        ReleasePage page = await store.ListAsync(query, cancellationToken).ConfigureAwait(false);
        string? nextLink = page.ContinuationToken is { } next ? ReleaseRoutes.ListUrl(query with { ContinuationToken = next }) : null;
        var result = ApiResults.Json(new ReleaseList(page.Items.Select(ReleaseSummaryView.From).ToArray(), nextLink));
        if (nextLink is not null)
        {
            result.Headers["Link"] = $"<{nextLink}>; rel=\"next\"";
        }

        return result;
    }

    /// <summary>A stable reason with a correlation id, never the internal error (which is logged under that reference).</summary>
    private string FailureReason(ReleaseRecord record, TaskFailureDetails failure)
    {
        string reason = ReleaseWorkflowFailedException.PublicReason(record, failure.ErrorType, failure.ErrorMessage, out bool hidden);
        if (hidden)
        {
            LogUnexpectedFailure(logger, record.Id, record.Stage.ToString(), failure.ErrorType, failure.ErrorMessage);
        }

        return reason;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Release {ReleaseId} orchestration failed outside the workflow's own handling in {Stage}; correlation id is the release id: {ErrorType}: {ErrorMessage}")]
    private static partial void LogUnexpectedFailure(ILogger logger, string releaseId, string stage, string errorType, string errorMessage);

    [LoggerMessage(Level = LogLevel.Information, Message = "Accepted release {ReleaseId} of {Service} {Version} to {Environment}")]
    private static partial void LogAccepted(ILogger logger, string releaseId, string service, string version, string environment);
}
