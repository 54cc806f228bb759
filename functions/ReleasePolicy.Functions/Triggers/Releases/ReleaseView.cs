using ReleasePolicy.Policy.Store;
using ReleasePolicy.Releases;

using ReleasePolicy.Policy;

namespace ReleasePolicy.Functions.Triggers.Releases;

/// <summary>A release as the API shows it.</summary>
public sealed record ReleaseView(
    string Id,
    string Service,
    string Version,
    string Environment,
    ReleaseType Type,
    string RequestedBy,
    string ChangeSummary,
    ReleaseStage Stage,
    ReleaseStatus Status,
    string? RuntimeStatus,
    IReadOnlyList<StageDecision> Decisions,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string StatusUrl)
{
    /// <summary>The authenticated principal that submitted the release (RequestedBy is the person it acted for).</summary>
    public string? SubmittedBy { get; init; }

    /// <summary>Once the release has ended: the SHA-256 at the head of its sealed evidence chain, and its manifest blob.</summary>
    public string? EvidenceHead { get; init; }

    public string? EvidenceManifest { get; init; }

    /// <summary>The orchestration's own custom status (stage and status as the workflow last published them).</summary>
    public System.Text.Json.JsonElement? CustomStatus { get; init; }

    /// <summary>The policy version and content hash the release is judged under.</summary>
    public PolicyReference? Policy { get; init; }

    /// <summary>
    /// The approval tiers as they stand: who was asked and excluded, every counted answer and every refused one (who,
    /// when, why), reminders, escalations, deadlines. The live tally; each tier's evidence record is written as it closes.
    /// </summary>
    public IReadOnlyList<global::ReleasePolicy.Approvals.ApprovalTierState>? Approvals { get; init; }

    /// <summary>
    /// Its place on the calendar: the planned start and end of the slot it holds, and every booking with its reason
    /// (the first, then each reschedule). Absent until the scheduling stage books.
    /// </summary>
    public ReleaseSchedule? Schedule { get; init; }

    /// <summary>Why the workflow itself failed (not a rejection), for the operator.</summary>
    public string? Failure { get; init; }

    public static ReleaseView From(ReleaseRecord record, string? runtimeStatus) => new(
        record.Id,
        record.Service,
        record.Version,
        record.Environment,
        record.Type,
        record.RequestedBy,
        record.ChangeSummary,
        record.Stage,
        record.Status,
        runtimeStatus,
        record.Decisions,
        record.CreatedAt,
        record.UpdatedAt,
        ReleaseRoutes.StatusUrl(record.Id))
    {
        Policy = record.Policy,
        SubmittedBy = record.SubmittedBy,
        EvidenceHead = record.EvidenceHead,
        EvidenceManifest = record.EvidenceManifest,
        Schedule = record.Schedule,
    };
}

/// <summary>The answer to a submission.</summary>
public sealed record SubmissionAccepted(string Id, ReleaseStatus Status, string StatusUrl);

public static class ReleaseRoutes
{
    public static string StatusUrl(string id) => $"/api/releases/{Uri.EscapeDataString(id)}";

    /// <summary>The list URL for <paramref name="query"/>, with every filter kept so the next page means the same list.</summary>
    public static string ListUrl(ReleaseQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parts = new List<string>();
        if (query.Service is not null)
        {
            parts.Add("service=" + Uri.EscapeDataString(query.Service));
        }

        if (query.Status is { } status)
        {
            parts.Add("status=" + System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(status.ToString()));
        }

        parts.Add("limit=" + query.Limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (query.ContinuationToken is not null)
        {
            parts.Add("continuationToken=" + Uri.EscapeDataString(query.ContinuationToken));
        }

        return "/api/releases?" + string.Join('&', parts);
    }
}
