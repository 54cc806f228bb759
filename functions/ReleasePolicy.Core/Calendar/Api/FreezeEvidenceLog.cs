using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

using ReleasePolicy.Storage;

namespace ReleasePolicy.Calendar.Api;

/// <summary>
/// Every ad-hoc freeze is evidence: a create-only record <c>calendar/freezes/{id}.json</c> in the evidence container
/// (beside the release chains auditors read, like the approval security log), written BEFORE the freeze takes effect,
/// so no freeze ever acts without its record. A retry that finds its own record (same freeze) reuses it; a different
/// freeze under the same id is a conflict, never an overwrite.
/// </summary>
public sealed class FreezeEvidenceLog(BlobContainerClient container, TimeProvider time)
{
    public const string Prefix = "calendar/freezes/";

    public static string BlobName(string freezeId) => Prefix + freezeId + ".json";

    /// <summary>
    /// A new freeze id: <c>adhoc-</c> and 32 hex digits, random, or derived from the caller and their idempotency key so
    /// that a retried request names the same freeze (and one caller's key never collides with another's).
    /// </summary>
    public static string NewId(string caller, string? idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (idempotencyKey is null)
        {
            return "adhoc-" + Guid.NewGuid().ToString("N");
        }

        byte[] digest = SHA256.HashData(Encoding.UTF8.GetBytes(caller + "\n" + idempotencyKey));
        return "adhoc-" + Convert.ToHexStringLower(digest.AsSpan(0, 16));
    }

    /// <returns>The freeze as recorded (an earlier attempt's, with its creation time, when this is a retry) and the record's name.</returns>
    /// <exception cref="FreezeConflictException">A record with this id describes another freeze.</exception>
    public async Task<(AdHocFreeze Freeze, string Record)> RecordAsync(AdHocFreeze freeze, string authenticatedBy, string? idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(freeze);
        string name = BlobName(freeze.Id);
        var record = new FreezeEvidence("adHocFreeze", time.GetUtcNow(), freeze, authenticatedBy, idempotencyKey);
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(record, JsonDefaults.Options);
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        BlobClient blob = container.GetBlobClient(name);
        if (await CreateOnlyJsonBlob.TryCreateAsync(blob, body, cancellationToken).ConfigureAwait(false))
        {
            return (freeze, name);
        }

        FreezeEvidence? existing = await ReadAsync(blob, cancellationToken).ConfigureAwait(false);
        if (existing?.Freeze is { } earlier && Same(earlier, freeze))
        {
            return (earlier, name);
        }

        throw new FreezeConflictException($"A different ad-hoc freeze is already recorded as {freeze.Id}.") { FreezeId = freeze.Id };
    }

    /// <summary>The record of one freeze, or null.</summary>
    public async Task<FreezeEvidence?> GetAsync(string freezeId, CancellationToken cancellationToken = default)
    {
        try
        {
            return await ReadAsync(container.GetBlobClient(BlobName(freezeId)), cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private static async Task<FreezeEvidence?> ReadAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        BinaryData content = (await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content;
        return JsonSerializer.Deserialize<FreezeEvidence>(content, JsonDefaults.Options);
    }

    // When it was created is not part of what the freeze is: a retry a moment later is the same freeze.
    private static bool Same(AdHocFreeze left, AdHocFreeze right) =>
        JsonSerializer.Serialize(left with { CreatedAt = default }, JsonDefaults.Options) == JsonSerializer.Serialize(right with { CreatedAt = default }, JsonDefaults.Options);
}

/// <summary>The evidence record of an ad-hoc freeze: who added it (and how they authenticated), when, and what it is.</summary>
public sealed record FreezeEvidence(string Kind, DateTimeOffset RecordedAt, AdHocFreeze Freeze, string AuthenticatedBy, string? IdempotencyKey);
