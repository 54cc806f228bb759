using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ReleasePolicy.Releases;

/// <summary>
/// Derives a release's id from the caller's idempotency key, so that a retried submission finds the same
/// release (and the same orchestration instance) instead of starting a second one.
/// </summary>
public static class ReleaseIdentity
{
    public static string IdFor(string service, string idempotencyKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(service);
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(service.ToLowerInvariant() + "\n" + idempotencyKey));
        return "rel-" + Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    /// <summary>
    /// Whether <paramref name="id"/> has the shape of an id we issue. Anything else cannot exist, and must not
    /// reach storage as a key (table keys forbid characters such as '/', '#' and '?').
    /// </summary>
    public static bool IsWellFormed(string? id) =>
        id is { Length: 36 } && id.StartsWith("rel-", StringComparison.Ordinal) && id.AsSpan(4).IndexOfAnyExcept("0123456789abcdef") < 0;

    /// <summary>
    /// A fingerprint of what the caller asked for, to tell a true retry from a reused key. It hashes the meaning,
    /// not the bytes: the evidence in <see cref="CanonicalJson"/> form, so a client that re-serializes the same
    /// request (other key order, whitespace or number spelling) is still replaying it.
    /// </summary>
    public static string Fingerprint(ReleaseRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string canonical = string.Join(
            '\n',
            request.Service,
            request.Version,
            request.Environment,
            request.Type.ToString(),
            request.RequestedBy,
            request.ChangeSummary,
            request.EvidenceJson is null ? string.Empty : CanonicalJson.Write(request.EvidenceJson));
        // Appended only when the schedule asks for something, so the fingerprints of requests without one stay what they were.
        if (request.Schedule is { } schedule
            && (schedule.NotBefore is not null || schedule.Duration is not null || schedule.DependsOn.Count > 0 || schedule.FreezeOverride is not null))
        {
            canonical += "\n" + ScheduleText(schedule);
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private static string ScheduleText(ScheduleRequest schedule) => string.Join(
        '\u001f',
        "schedule",
        schedule.NotBefore?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) ?? string.Empty,
        schedule.Duration?.ToString("c", CultureInfo.InvariantCulture) ?? string.Empty,
        string.Join(',', schedule.DependsOn),
        schedule.FreezeOverride?.Reason ?? string.Empty);

    /// <summary>Whether <paramref name="request"/> carries the implicit key (no header or body key was sent, or one equal to it).</summary>
    public static bool UsesDefaultKey(ReleaseRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return string.Equals(request.IdempotencyKey, DefaultKey(request.Service, request.Version, request.Environment), StringComparison.Ordinal);
    }

    /// <summary>The key used when the caller gives none: one release per service, version and environment.</summary>
    public static string DefaultKey(string service, string version, string environment) => $"{service}:{version}:{environment}";
}
