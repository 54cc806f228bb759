using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using ReleasePolicy.Functions.Http;
using ReleasePolicy.Notifications;
using ReleasePolicy.Notifications.DevOutbox;

namespace ReleasePolicy.Functions.Triggers.Approvals;

/// <summary>
/// The local mailbox: the mails the dev outbox stored, as a page a person clicks approval links from, or as JSON
/// (<c>Accept: application/json</c>) for tests. Opened in a browser without credentials, so it exists only while the
/// mail mode is <see cref="MailMode.DevOutbox"/> (refused in Azure); otherwise every call is a 404.
/// </summary>
public sealed class DevOutboxApi(DevOutboxStore outbox, IOptions<MailOptions> mail)
{
    private const int MaxFilterLength = 256;

    [Function("GetDevOutbox")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dev/outbox")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (mail.Value.Mode != MailMode.DevOutbox)
        {
            return NotEnabled();
        }

        string? releaseId = request.Query["releaseId"].FirstOrDefault();
        string? to = request.Query["to"].FirstOrDefault();
        var errors = new List<ProblemError>();
        if (releaseId is { Length: > MaxFilterLength })
        {
            errors.Add(new ProblemError("releaseId", $"At most {MaxFilterLength} characters."));
        }

        if (to is { Length: > MaxFilterLength })
        {
            errors.Add(new ProblemError("to", $"At most {MaxFilterLength} characters."));
        }

        if (errors.Count > 0)
        {
            return ApiResults.ValidationProblem(errors);
        }

        IReadOnlyList<OutboxMail> mails = await outbox.ListAsync(releaseId, to, cancellationToken).ConfigureAwait(false);
        if (WantsJson(request))
        {
            return ApiResults.Json(new
            {
                mails = mails.Select(m => new
                {
                    m.Id,
                    to = new { id = m.To.Id, name = m.To.Name, mail = m.To.Mail },
                    m.Kind,
                    m.Subject,
                    m.ReleaseId,
                    links = m.Links.Select(l => new { label = l.Label, url = l.Url }).ToArray(),
                    m.SentAt,
                    bodyUrl = $"/api/dev/outbox/{m.Id}",
                }).ToArray(),
            });
        }

        return Html(request, DevOutboxPage.Render(mails, releaseId, to));
    }

    [Function("GetDevOutboxMail")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dev/outbox/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (mail.Value.Mode != MailMode.DevOutbox)
        {
            return NotEnabled();
        }

        string? body = await outbox.GetBodyAsync(id, cancellationToken).ConfigureAwait(false);
        return body is null ? ApiResults.NotFound("The dev outbox has no mail with this id.") : Html(request, body);
    }

    private static JsonBodyResult NotEnabled() =>
        ApiResults.NotFound("The dev outbox is off: it exists only when ReleasePolicy:Mail:Mode is DevOutbox (local development).");

    private static bool WantsJson(HttpRequest request) =>
        MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out IList<MediaTypeHeaderValue>? accepted)
        && accepted.Any(a => a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase));

    /// <summary>HTML that may load nothing and run nothing (mail bodies are shown as stored).</summary>
    private static ContentResult Html(HttpRequest request, string html)
    {
        request.HttpContext.Response.Headers["Content-Security-Policy"] = DevOutboxPage.ContentSecurityPolicy;
        request.HttpContext.Response.Headers["X-Content-Type-Options"] = "nosniff";
        return new ContentResult { Content = html, ContentType = "text/html; charset=utf-8", StatusCode = StatusCodes.Status200OK };
    }
}
