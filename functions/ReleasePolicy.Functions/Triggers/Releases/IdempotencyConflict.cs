using Microsoft.AspNetCore.Http;
using ReleasePolicy.Functions.Http;
using ReleasePolicy.Releases;

namespace ReleasePolicy.Functions.Triggers.Releases;

/// <summary>
/// The 409 for a reused idempotency key: RFC 7807 with the extension members <c>key</c> and <c>keySource</c>, so a
/// pipeline can see which key collided (the one it sent, or the implicit <c>service:version:environment</c>) and
/// what to do about it.
/// </summary>
public sealed record IdempotencyConflict(string Type, string Title, int Status, string Detail, string Key, string KeySource, string ReleaseId)
{
    public const string Explicit = "explicit";
    public const string Implicit = "implicit";

    public static JsonBodyResult For(ReleaseRequest request, string releaseId)
    {
        ArgumentNullException.ThrowIfNull(request);
        bool implicitKey = ReleaseIdentity.UsesDefaultKey(request);
        string detail = implicitKey
            ? $"Release '{releaseId}' was already submitted for {request.Service} {request.Version} to {request.Environment} with a different request. "
              + $"Without an idempotency key the key is the implicit '{request.IdempotencyKey}' (service:version:environment); "
              + "to submit this request as a new release, send a new Idempotency-Key header (or idempotencyKey field)."
            : $"Release '{releaseId}' was submitted with the idempotency key '{request.IdempotencyKey}' and a different request. "
              + "A retry must repeat the same request; for a new request, send a new Idempotency-Key.";
        var body = new IdempotencyConflict(
            $"https://httpstatuses.io/{StatusCodes.Status409Conflict}",
            "Idempotency key reused",
            StatusCodes.Status409Conflict,
            detail,
            request.IdempotencyKey,
            implicitKey ? Implicit : Explicit,
            releaseId);
        return new JsonBodyResult(body, StatusCodes.Status409Conflict, ApiResults.ProblemContentType);
    }
}
