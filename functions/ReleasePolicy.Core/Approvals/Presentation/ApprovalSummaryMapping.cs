using System.Globalization;
using System.Text.Json;
using ReleasePolicy.Policy;
using ReleasePolicy.Readiness;
using ReleasePolicy.Risk;

namespace ReleasePolicy.Approvals.Presentation;

/// <summary>
/// Builds an <see cref="ApprovalSummary"/> from what readiness decided and what the release submitted, so every
/// caller (request, reminder, escalation, approver page) shows the same facts in the same words.
/// </summary>
public static class ApprovalSummaryMapping
{
    /// <param name="tierIndex">0-based index of the asking tier in <paramref name="chain"/>.</param>
    public static ApprovalSummary FromReadiness(
        string releaseId,
        string requestedBy,
        string changeSummary,
        ReadinessDecision decision,
        ReleaseEvidence evidence,
        ApprovalChain chain,
        int tierIndex,
        IReadOnlyList<SummaryApproval> approvals,
        DateTimeOffset? deadline)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(evidence);
        return new ApprovalSummary(
            releaseId,
            decision.Service,
            decision.Version,
            decision.Environment,
            decision.ReleaseType,
            requestedBy,
            changeSummary,
            Risk(decision.RiskAssessment),
            Gates(decision.Gates),
            Rollback(evidence),
            Tier(chain, tierIndex),
            approvals,
            deadline);
    }

    public static SummaryRisk? Risk(RiskAssessment? assessment) => assessment is null
        ? null
        : new SummaryRisk(
            assessment.Score,
            Name(assessment.Level),
            [.. assessment.Factors.Select(f => new SummaryRiskFactor(f.Name, Name(f.Category), f.Contribution, f.Observed))]);

    public static IReadOnlyList<SummaryGate> Gates(IReadOnlyList<GateResult> gates)
    {
        ArgumentNullException.ThrowIfNull(gates);
        return [.. gates.Select(g => new SummaryGate(g.Name, Name(g.Outcome), g.Measured, g.Threshold, g.Reason))];
    }

    /// <summary>The rollback procedure and its last rehearsal; the runbook (which holds the rollback steps) as link.</summary>
    public static RollbackPlan? Rollback(ReleaseEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(evidence.Rollback?.ProcedureRef))
        {
            parts.Add("Procedure " + evidence.Rollback.ProcedureRef);
        }

        if (evidence.Rollback?.RehearsedAt is { } rehearsedAt)
        {
            var where = string.IsNullOrWhiteSpace(evidence.Rollback.RehearsedIn) ? string.Empty : " in " + evidence.Rollback.RehearsedIn;
            parts.Add("rehearsed" + where + " on " + HtmlText.Time(rehearsedAt));
        }

        Uri? link = Uri.TryCreate(evidence.Runbook?.Url, UriKind.Absolute, out var runbook) && HtmlText.IsWebLink(runbook) ? runbook : null;
        if (parts.Count == 0 && link is null)
        {
            return null;
        }

        var text = parts.Count == 0 ? "See the runbook" : string.Join("; ", parts);
        return new RollbackPlan(text, link);
    }

    public static SummaryTier Tier(ApprovalChain chain, int tierIndex)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentOutOfRangeException.ThrowIfNegative(tierIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(tierIndex, chain.Tiers.Count);
        var tier = chain.Tiers[tierIndex];
        return new SummaryTier(chain.Name, tier.Name, tierIndex, chain.Tiers.Count, tier.Quorum);
    }

    /// <summary>The enum as the API spells it (camelCase), so the mail and the JSON API use one vocabulary.</summary>
    private static string Name<T>(T value)
        where T : struct, Enum =>
        JsonNamingPolicy.CamelCase.ConvertName(value.ToString()).ToString(CultureInfo.InvariantCulture);
}
