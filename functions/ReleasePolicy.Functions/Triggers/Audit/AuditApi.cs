using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ReleasePolicy.Evidence;
using ReleasePolicy.Functions.Http;
using ReleasePolicy.Policy.Store;
using ReleasePolicy.Readiness;
using ReleasePolicy.Releases;
using ReleasePolicy.Validation;
using ReleasePolicy.Workflow.Activities;

namespace ReleasePolicy.Functions.Triggers.Audit;

/// <summary>
/// The auditor's read-only view of the evidence: releases with evidence, their records with hashes, verification,
/// a self-verifying export, and the signing keys. Nothing here writes except legal holds (see <see cref="LegalHoldApi"/>).
/// </summary>
public sealed partial class AuditApi(IEvidenceStore evidence, IReleaseStore releases, EvidenceSigner signer)
{
    [Function("ListAuditReleases")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "audit/releases")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<FieldError>();
        string? service = request.Query["service"].FirstOrDefault();
        if (service is not null && !ServiceName().IsMatch(service))
        {
            errors.Add(new FieldError("service", "Use lowercase letters, digits, '.', '_' or '-'."));
        }

        DateTimeOffset? from = ReadTime(request, "from", errors);
        DateTimeOffset? to = ReadTime(request, "to", errors);
        string? token = request.Query["continuationToken"].FirstOrDefault();
        if (errors.Count > 0)
        {
            return ApiResults.ValidationProblem(errors);
        }

        EvidenceReleasePage page;
        try
        {
            page = await evidence.ListReleasesAsync(new EvidenceReleaseQuery(service, from, to), token, 100, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException || (ex is Azure.RequestFailedException { Status: 400 }))
        {
            return ApiResults.ValidationProblem([new ProblemError("continuationToken", "Not a token this API issued; start again without it.")]);
        }

        string? next = page.ContinuationToken is null ? null : NextLink(request, page.ContinuationToken);
        var result = ApiResults.Json(new
        {
            items = page.Releases.Select(r => new { r.ReleaseId, r.Service, r.FirstRecordCreatedAt, url = $"/api/audit/releases/{r.ReleaseId}" }).ToArray(),
            continuationToken = page.ContinuationToken,
            nextLink = next,
        });
        if (next is not null)
        {
            result.Headers["Link"] = $"<{next}>; rel=\"next\"";
        }

        return result;
    }

    [Function("GetAuditRelease")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "audit/releases/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (await this.ServiceOfAsync(id, cancellationToken).ConfigureAwait(false) is not { } service)
        {
            return NoEvidence(id);
        }

        IReadOnlyList<StoredRecord> records = await evidence.ReadRecordsAsync(service, id, cancellationToken).ConfigureAwait(false);
        return ApiResults.Json(new
        {
            releaseId = id,
            service,
            records = records.Select(r => new
            {
                r.Sequence,
                r.Kind,
                blob = r.BlobName,
                sha256 = r.Sha256,
                record = JsonDocument.Parse(r.Content).RootElement.Clone(),
            }).ToArray(),
            verifyUrl = $"/api/audit/releases/{id}/verify",
            exportUrl = $"/api/audit/releases/{id}/export",
        });
    }

    [Function("VerifyAuditRelease")]
    public async Task<IActionResult> Verify(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "audit/releases/{id}/verify")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (await this.ServiceOfAsync(id, cancellationToken).ConfigureAwait(false) is not { } service)
        {
            return NoEvidence(id);
        }

        IReadOnlyDictionary<string, ReadOnlyMemory<byte>> files = await evidence.DownloadReleaseAsync(service, id, cancellationToken).ConfigureAwait(false);
        VerificationResult result = EvidenceVerifier.VerifyRelease(files, service, id, signer.VerificationKeys);
        return ApiResults.Json(result);
    }

    [Function("ExportAuditRelease")]
    public async Task<IActionResult> Export(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "audit/releases/{id}/export")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (await this.ServiceOfAsync(id, cancellationToken).ConfigureAwait(false) is not { } service)
        {
            return NoEvidence(id);
        }

        IReadOnlyDictionary<string, ReadOnlyMemory<byte>> files = await evidence.DownloadReleaseAsync(service, id, cancellationToken).ConfigureAwait(false);
        byte[] zip = EvidenceExporter.Export(files, service, id, signer.VerificationKeys);
        return new FileContentResult(zip, "application/zip") { FileDownloadName = $"{id}-evidence.zip" };
    }

    [Function("GetSigningKeys")]
    public IActionResult SigningKeys(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "audit/signing-keys")] HttpRequest request) =>
        new ContentResult { Content = signer.VerificationKeys.ToJwks(), ContentType = "application/jwk-set+json", StatusCode = StatusCodes.Status200OK };

    /// <summary>
    /// The release's service from the index, which evidence paths start with; for a policy change
    /// (<c>policy-{version}</c>) the <c>release-policy</c> chain when it has records; null for an unknown id.
    /// </summary>
    private async Task<string?> ServiceOfAsync(string id, CancellationToken cancellationToken)
    {
        if (id.StartsWith(PolicyProposal.ApprovalPrefix, StringComparison.Ordinal))
        {
            return Identifiers.CheckVersion(id[PolicyProposal.ApprovalPrefix.Length..]) is null
                && (await evidence.ReadRecordsAsync(PolicyChangeEvidence.Service, id, cancellationToken).ConfigureAwait(false)).Count > 0
                ? PolicyChangeEvidence.Service
                : null;
        }

        return ReleaseIdentity.IsWellFormed(id) && await releases.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } record
            ? record.Service
            : null;
    }

    private static JsonBodyResult NoEvidence(string id) => ApiResults.NotFound($"No release with evidence has the id '{id}'.");

    private static DateTimeOffset? ReadTime(HttpRequest request, string name, List<FieldError> errors)
    {
        if (request.Query[name].FirstOrDefault() is not { Length: > 0 } text)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset value))
        {
            return value;
        }

        errors.Add(new FieldError(name, "Must be an ISO 8601 date or date-time (UTC unless an offset is given)."));
        return null;
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,99}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex ServiceName();

    private static string NextLink(HttpRequest request, string token)
    {
        var query = request.Query
            .Where(q => !string.Equals(q.Key, "continuationToken", StringComparison.OrdinalIgnoreCase))
            .Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}")
            .Append("continuationToken=" + Uri.EscapeDataString(token));
        return $"/api/audit/releases?{string.Join('&', query)}";
    }
}
