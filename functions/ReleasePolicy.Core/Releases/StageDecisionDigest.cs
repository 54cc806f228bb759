using ReleasePolicy.Readiness;

namespace ReleasePolicy.Releases;

/// <summary>
/// The bounded form of a decision that the release index and the orchestration history carry. The full decision
/// (every reason, every gate's whole text, every finding) is the evidence record it names; this one is capped so a
/// release with thousands of findings is rejected with all of them in evidence, never failed on a storage limit.
/// </summary>
public static class StageDecisionDigest
{
    public const int MaxReasons = 10;
    public const int MaxTextLength = 300;

    public static StageDecision Compact(StageDecision full, string evidenceRecord, string evidenceSha256)
    {
        ArgumentNullException.ThrowIfNull(full);
        var details = new Dictionary<string, string>(full.Details ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            ["evidenceRecord"] = evidenceRecord,
            ["evidenceSha256"] = evidenceSha256,
        };
        return full with
        {
            Summary = Cap(full.Summary, MaxTextLength * 2),
            Reasons = full.Reasons is null ? null : CapReasons(full.Reasons, evidenceRecord),
            Readiness = full.Readiness is null ? null : Compact(full.Readiness, evidenceRecord),
            Details = details,
        };
    }

    private static ReadinessDecision Compact(ReadinessDecision readiness, string evidenceRecord) => readiness with
    {
        Reasons = CapReasons(readiness.Reasons, evidenceRecord),
        Gates = readiness.Gates.Select(g => g with { Reason = Cap(g.Reason, MaxTextLength), Measured = CapOrNull(g.Measured), Threshold = CapOrNull(g.Threshold) }).ToArray(),
    };

    private static IReadOnlyList<string> CapReasons(IReadOnlyList<string> reasons, string evidenceRecord)
    {
        List<string> kept = reasons.Take(MaxReasons).Select(r => Cap(r, MaxTextLength)).ToList();
        if (reasons.Count > MaxReasons)
        {
            kept.Add($"… and {reasons.Count - MaxReasons} more reasons in the evidence record {evidenceRecord}.");
        }

        return kept;
    }

    private static string? CapOrNull(string? text) => text is null ? null : Cap(text, MaxTextLength);

    private static string Cap(string text, int length) =>
        text.Length <= length ? text : string.Concat(text.AsSpan(0, length - 1), "…");
}
