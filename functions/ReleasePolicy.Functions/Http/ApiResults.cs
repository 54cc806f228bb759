using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using ReleasePolicy.Releases;

using ReleasePolicy.Readiness;

namespace ReleasePolicy.Functions.Http;

/// <summary>JSON responses in the API's one JSON shape, without needing MVC's formatters.</summary>
public sealed class JsonBodyResult(object body, int statusCode, string contentType = "application/json") : IActionResult
{
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    public int StatusCode => statusCode;

    public object Body => body;

    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        HttpResponse response = context.HttpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = contentType;
        foreach ((string name, string value) in this.Headers)
        {
            response.Headers[name] = value;
        }

        await JsonSerializer.SerializeAsync(response.Body, body, body.GetType(), JsonDefaults.Options, context.HttpContext.RequestAborted).ConfigureAwait(false);
    }
}

/// <summary>An RFC 7807 problem: what went wrong, and for validation, every field with its reason.</summary>
public sealed record Problem(string Type, string Title, int Status, string Detail, IReadOnlyList<ProblemError>? Errors = null, string? Instance = null);

/// <summary>One invalid field; <c>Line</c> and <c>Column</c> (1-based) point into a submitted document.</summary>
public sealed record ProblemError(string Field, string Reason, int? Line = null, int? Column = null);

public static class ApiResults
{
    public const string ProblemContentType = "application/problem+json";

    public static JsonBodyResult Json(object body, int statusCode = StatusCodes.Status200OK) => new(body, statusCode);

    public static JsonBodyResult Problem(int status, string title, string detail, IReadOnlyList<ProblemError>? errors = null) =>
        new(new Problem($"https://httpstatuses.io/{status}", title, status, detail, errors), status, ProblemContentType);

    public static JsonBodyResult ValidationProblem(IReadOnlyList<FieldError> errors) =>
        ValidationProblem(errors.Select(e => new ProblemError(e.Field, e.Reason)).ToArray());

    public static JsonBodyResult ValidationProblem(IReadOnlyList<ProblemError> errors) =>
        Problem(
            StatusCodes.Status400BadRequest,
            "The request is not valid",
            errors.Count == 1 ? $"{errors[0].Field}: {errors[0].Reason}" : $"{errors.Count} fields are not valid; see errors.",
            errors);

    public static JsonBodyResult NotFound(string what) => Problem(StatusCodes.Status404NotFound, "Not found", what);

    public static JsonBodyResult Forbidden(string why) => Problem(StatusCodes.Status403Forbidden, "Forbidden", why);
}
