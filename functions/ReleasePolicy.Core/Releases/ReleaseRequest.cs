using ReleasePolicy.Policy;

namespace ReleasePolicy.Releases;

/// <summary>What a pipeline asks for, validated. <see cref="EvidenceJson"/> keeps the evidence exactly as sent.</summary>
public sealed record ReleaseRequest(
    string Service,
    string Version,
    string Environment,
    ReleaseType Type,
    string RequestedBy,
    string ChangeSummary,
    string IdempotencyKey,
    string? EvidenceJson);
