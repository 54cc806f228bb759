using Microsoft.AspNetCore.Http;
using ReleasePolicy.Readiness;
using ReleasePolicy.Validation;

namespace ReleasePolicy.Functions.Http;

/// <summary>The optional <c>Idempotency-Key</c> header of a create route, checked like a release's key.</summary>
internal static class IdempotencyKeyHeader
{
    public const string Name = "Idempotency-Key";

    /// <returns>The key, or null when absent; a malformed key adds its error to <paramref name="errors"/>.</returns>
    public static string? Read(HttpRequest request, List<FieldError> errors)
    {
        // HTTP trims spaces and tabs around header values; anything else is refused, not trimmed (as for releases).
        string? key = request.Headers[Name].FirstOrDefault()?.Trim(' ', '\t') is { Length: > 0 } trimmed ? trimmed : null;
        if (key is not null && Identifiers.CheckText(key, Identifiers.MaxIdempotencyKeyLength) is { } badKey)
        {
            errors.Add(new FieldError(Name, badKey));
        }

        return key;
    }
}
