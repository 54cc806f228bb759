using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using ReleasePolicy.Approvals.AccessReview;
using ReleasePolicy.Functions.Http;
using ReleasePolicy.Notifications.Graph;
using ReleasePolicy.Policy;
using ReleasePolicy.Policy.Store;

namespace ReleasePolicy.Functions.Triggers.Approvals;

/// <summary>
/// The quarterly least-privilege review: every person who can approve what under the active policy, resolved through
/// the directory now, with the clause that grants it. JSON by default; CSV with <c>Accept: text/csv</c> or <c>?format=csv</c>.
/// </summary>
public sealed partial class AccessReviewApi(PolicyCatalog catalog, AccessReviewBuilder builder, ILogger<AccessReviewApi> logger)
{
    [Function("GetAccessReview")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "approvals/access-review")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? format = request.Query["format"].FirstOrDefault();
        if (format is not (null or "json" or "csv"))
        {
            return ApiResults.ValidationProblem([new ProblemError("format", "Must be 'json' or 'csv'.")]);
        }

        (PublishedPolicy active, PolicyDocument document) = await catalog.GetActiveAsync(cancellationToken).ConfigureAwait(false);
        AccessReviewReport report;
        try
        {
            report = await builder.BuildAsync(document, active.Hash, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is GraphNotConfiguredException or GraphUnavailableException)
        {
            // The directory is a dependency: its failure is ours to report, not the caller's to fix.
            LogDirectoryFailed(logger, ex.GetType().Name);
            return ApiResults.Problem(StatusCodes.Status503ServiceUnavailable, "Directory unavailable", "The people directory could not be read; try again later.");
        }

        if (format == "csv" || (format is null && WantsCsv(request)))
        {
            byte[] csv = Encoding.UTF8.GetBytes(AccessReviewCsv.Write(report.Rows));
            return new FileContentResult(csv, "text/csv; charset=utf-8") { FileDownloadName = $"access-review-{report.PolicyVersion}.csv" };
        }

        return ApiResults.Json(report);
    }

    private static bool WantsCsv(HttpRequest request) =>
        MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out IList<MediaTypeHeaderValue>? accepted)
        && accepted.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase));

    [LoggerMessage(Level = LogLevel.Error, Message = "Access review: the people directory failed ({ExceptionType})")]
    private static partial void LogDirectoryFailed(ILogger logger, string exceptionType);
}
