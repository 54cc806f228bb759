using System.Security.Cryptography;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ReleasePolicy.Storage;

namespace ReleasePolicy.Deployment.Incidents.Api;

/// <summary>
/// Every root-cause analysis is evidence: a create-only record <c>incidents/{incidentId}/rca.json</c> in the evidence
/// container (beside the release chains, like ad-hoc freezes), written BEFORE the incident stops owing it, so readiness
/// never lets a release through on an analysis without its record. Create-only also decides a race: of two filers, one
/// writes the record and the other finds it.
/// </summary>
public sealed class RootCauseEvidenceLog(BlobContainerClient container, TimeProvider time)
{
    public const string Prefix = "incidents/";

    public static string BlobName(string incidentId) => Prefix + incidentId + "/rca.json";

    /// <summary>Writes the record, or returns the one already there (which may be someone else's: the caller compares).</summary>
    /// <returns>The record as stored, whether this call wrote it, and the SHA-256 (hex) of its exact bytes.</returns>
    public async Task<(RootCauseEvidence Record, bool Written, string Sha256)> RecordAsync(
        Incident incident, RootCauseAnalysis analysis, string authenticatedBy, string? idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var record = new RootCauseEvidence("rootCauseAnalysis", time.GetUtcNow(), incident.Id, incident.ReleaseId, incident.Service, incident.Environment, analysis, authenticatedBy, idempotencyKey);
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(record, JsonDefaults.Options);
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        BlobClient blob = container.GetBlobClient(BlobName(incident.Id));
        if (await CreateOnlyJsonBlob.TryCreateAsync(blob, body, cancellationToken).ConfigureAwait(false))
        {
            return (record, true, Convert.ToHexStringLower(SHA256.HashData(body)));
        }

        (RootCauseEvidence existing, string sha) = await ReadAsync(blob, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The record {BlobName(incident.Id)} exists but cannot be read.");
        return (existing, false, sha);
    }

    /// <summary>The record of an incident's analysis and the SHA-256 of its bytes, or null.</summary>
    public async Task<(RootCauseEvidence Record, string Sha256)?> GetAsync(string incidentId, CancellationToken cancellationToken = default)
    {
        try
        {
            return await ReadAsync(container.GetBlobClient(BlobName(incidentId)), cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private static async Task<(RootCauseEvidence Record, string Sha256)?> ReadAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        BinaryData content = (await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content;
        RootCauseEvidence? record = JsonSerializer.Deserialize<RootCauseEvidence>(content, JsonDefaults.Options);
        return record is null ? null : (record, Convert.ToHexStringLower(SHA256.HashData(content.ToMemory().Span)));
    }
}

/// <summary>The evidence record of a root-cause analysis: which incident, who filed it (and how they authenticated), and what it says.</summary>
public sealed record RootCauseEvidence(
    string Kind,
    DateTimeOffset RecordedAt,
    string IncidentId,
    string ReleaseId,
    string Service,
    string Environment,
    RootCauseAnalysis Analysis,
    string AuthenticatedBy,
    string? IdempotencyKey);
