using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReleasePolicy.Functions.Http;
using ReleasePolicy.Readiness;
using ReleasePolicy.Releases;
using ReleasePolicy.Validation;
using ReleasePolicy.Workflow;


namespace ReleasePolicy.Functions.Triggers.Releases;

/// <summary>The pipeline-facing release API: submit, read one, list.</summary>
public sealed partial class ReleaseApi(
    ReleaseIntake intake,
    IReleaseStore store,
    ISubmissionArchive submissions,
    IOptions<WorkflowOptions> workflow,
    ILogger<ReleaseApi> logger)
{
    [Function("SubmitRelease")]
    public async Task<IActionResult> Submit(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "releases")] HttpRequest request,
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

        IntakeResult result = await intake.SubmitAsync(release, body, workflow.Value.BakeTime, client, cancellationToken).ConfigureAwait(false);
        if (result.Outcome == IntakeOutcome.KeyReusedForAnotherRequest)
        {
            return ApiResults.Problem(
                StatusCodes.Status409Conflict,
                "Idempotency key reused",
                $"Release '{result.ReleaseId}' was submitted with this idempotency key and a different request. Use a new key for a new request.");
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
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "releases/{id}")] HttpRequest request,
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
        };
        if (instance?.FailureDetails is { } failure)
        {
            view = view with { Failure = $"{failure.ErrorType}: {failure.ErrorMessage}" };
        }

        return ApiResults.Json(view);
    }

    [Function("GetReleaseSubmission")]
    public async Task<IActionResult> GetSubmission(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "releases/{id}/submission")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        ArchivedSubmission? archived = ReleaseIdentity.IsWellFormed(id) ? await submissions.GetAsync(id, cancellationToken).ConfigureAwait(false) : null;
        if (archived is null)
        {
            return ApiResults.NotFound($"No submission is kept for release '{TextCharacters.Escape(id, maxLength: 100)}'.");
        }

        var result = new FileContentResult(archived.Body, "application/json");
        request.HttpContext.Response.Headers["X-Received-At"] = archived.ReceivedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        return result;
    }

    [Function("ListReleases")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "releases")] HttpRequest request,
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

        if (errors.Count > 0)
        {
            return ApiResults.ValidationProblem(errors);
        }

        IReadOnlyList<ReleaseRecord> records = await store.ListAsync(new ReleaseQuery(string.IsNullOrWhiteSpace(service) ? null : service, status, limit), cancellationToken).ConfigureAwait(false);
        return ApiResults.Json(new { items = records.Select(r => ReleaseView.From(r, runtimeStatus: null)).ToArray() });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Accepted release {ReleaseId} of {Service} {Version} to {Environment}")]
    private static partial void LogAccepted(ILogger logger, string releaseId, string service, string version, string environment);
}
