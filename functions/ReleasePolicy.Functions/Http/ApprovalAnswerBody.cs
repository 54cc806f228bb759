using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using ReleasePolicy.Approvals;
using ReleasePolicy.Validation;

namespace ReleasePolicy.Functions.Http;

/// <summary>
/// An approver's answer as a form post from the approver page (<c>decision</c>, <c>comment</c>) or as JSON (the
/// Outlook card and API clients: <c>token</c>, <c>decision</c>, <c>comment</c>), checked strictly.
/// </summary>
public sealed record ApprovalAnswerBody(ApprovalVerdict Verdict, string? Comment, string? Token)
{
    public const int MaxCommentLength = 2000;

    public static async Task<(ApprovalAnswerBody? Body, IActionResult? Refusal)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (IsForm(request))
        {
            (byte[]? raw, IActionResult? refusal) = await JsonRequestBody.ReadUtf8TextAsync(request, cancellationToken).ConfigureAwait(false);
            if (refusal is not null)
            {
                return (null, refusal);
            }

            Dictionary<string, StringValues> form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(raw!));
            return Check(Single(form, "decision"), Single(form, "comment"), Single(form, "token"));
        }

        (byte[]? body, IActionResult? jsonRefusal) = await JsonRequestBody.ReadAsync(request, cancellationToken).ConfigureAwait(false);
        if (jsonRefusal is not null)
        {
            return (null, jsonRefusal);
        }

        using JsonDocument json = JsonDocument.Parse(body!);
        if (json.RootElement.ValueKind != JsonValueKind.Object)
        {
            return (null, ApiResults.ValidationProblem([new ProblemError("$", "Send a JSON object: {\"decision\": \"approve\" | \"reject\", \"comment\": \"...\"}.")]));
        }

        return Check(Text(json.RootElement, "decision"), Text(json.RootElement, "comment"), Text(json.RootElement, "token"));
    }

    public static bool IsForm(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request?.ContentType, out MediaTypeHeaderValue? type)
        && type.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);

    private static (ApprovalAnswerBody?, IActionResult?) Check(string? decision, string? comment, string? token)
    {
        var errors = new List<ProblemError>();
        ApprovalVerdict verdict = default;
        if (string.Equals(decision, "approve", StringComparison.OrdinalIgnoreCase))
        {
            verdict = ApprovalVerdict.Approve;
        }
        else if (string.Equals(decision, "reject", StringComparison.OrdinalIgnoreCase))
        {
            verdict = ApprovalVerdict.Reject;
        }
        else
        {
            errors.Add(new ProblemError("decision", "Required: \"approve\" or \"reject\"."));
        }

        // Browsers send a textarea's line breaks as CRLF; they are kept as LF.
        string? normalized = string.IsNullOrWhiteSpace(comment) ? null : comment.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        if (normalized is not null)
        {
            if (normalized.Length > MaxCommentLength)
            {
                errors.Add(new ProblemError("comment", $"At most {MaxCommentLength} characters."));
            }
            else if (TextCharacters.FindForbidden(normalized, allowLineBreaks: true) is { } bad)
            {
                errors.Add(new ProblemError("comment", bad));
            }
        }

        if (token is not null && token.Length > 4096)
        {
            errors.Add(new ProblemError("token", "Too long to be an approval token."));
        }

        return errors.Count > 0
            ? (null, ApiResults.ValidationProblem(errors))
            : (new ApprovalAnswerBody(verdict, normalized, token), null);
    }

    private static string? Single(Dictionary<string, StringValues> form, string name) =>
        form.TryGetValue(name, out StringValues values) && values.Count == 1 ? values[0] : null;

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
