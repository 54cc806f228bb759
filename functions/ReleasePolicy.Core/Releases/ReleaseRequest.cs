using ReleasePolicy.Policy;

namespace ReleasePolicy.Releases;

/// <summary>What a pipeline asks for, validated; <see cref="RequestedBy"/> is the person it acts for. <see cref="EvidenceJson"/> keeps the evidence exactly as sent.</summary>
public sealed record ReleaseRequest(
    string Service,
    string Version,
    string Environment,
    ReleaseType Type,
    string RequestedBy,
    string ChangeSummary,
    string IdempotencyKey,
    string? EvidenceJson)
{
    /// <summary>The authenticated principal that submitted it (a pipeline, or the person themselves); set by the API.</summary>
    public string? SubmittedBy { get; init; }

    /// <summary>Whether <see cref="SubmittedBy"/> is a person signed in (submitting as themselves) rather than a pipeline.</summary>
    public bool SubmittedByPerson { get; init; }

    /// <summary>The request's <c>schedule</c> (desired start, duration, dependencies, freeze override); none when absent.</summary>
    public ScheduleRequest Schedule { get; init; } = ScheduleRequest.None;
}
