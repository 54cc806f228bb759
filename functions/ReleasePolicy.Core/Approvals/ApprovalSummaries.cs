using System.Text.Json;
using ReleasePolicy.Approvals.Presentation;
using ReleasePolicy.Readiness;
using ReleasePolicy.Releases;

namespace ReleasePolicy.Approvals;

/// <summary>
/// What an approver sees for one tier, from the same facts everywhere: the release's request and readiness decision,
/// its submitted evidence (for the rollback plan), and the tier's tally (approvals so far, deadline).
/// </summary>
public sealed class ApprovalSummaries(IReleaseStore releases, ISubmissionArchive submissions)
{
    /// <summary>From what the workflow holds in hand (no reads): used when mails are composed.</summary>
    public static ApprovalSummary From(ReleaseRequest request, ReadinessDecision readiness, string releaseId, ApprovalTierState tier)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(readiness);
        ArgumentNullException.ThrowIfNull(tier);
        return Build(releaseId, request.RequestedBy, request.ChangeSummary, readiness, EvidenceOf(request.EvidenceJson), tier);
    }

    /// <summary>For the approver page: reads the release and its submission; null when the release is unknown.</summary>
    public async Task<ApprovalSummary?> ForAsync(ApprovalTierState tier, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tier);
        ReleaseRecord? release = await releases.GetAsync(tier.ApprovalId, cancellationToken).ConfigureAwait(false);
        ReadinessDecision? readiness = release?.Decisions.FirstOrDefault(d => d.Stage == ReleaseStage.Readiness)?.Readiness;
        if (release is null || readiness is null)
        {
            return null;
        }

        ArchivedSubmission? submission = await submissions.GetAsync(release, cancellationToken).ConfigureAwait(false);
        string? evidenceJson = null;
        if (submission is not null)
        {
            using JsonDocument body = JsonDocument.Parse(submission.Body);
            evidenceJson = body.RootElement.TryGetProperty("evidence", out JsonElement evidence) ? evidence.GetRawText() : null;
        }

        return Build(release.Id, release.RequestedBy, release.ChangeSummary, readiness, EvidenceOf(evidenceJson), tier);
    }

    private static ApprovalSummary Build(string releaseId, string requestedBy, string changeSummary, ReadinessDecision readiness, ReleaseEvidence evidence, ApprovalTierState tier)
    {
        Policy.ApprovalChain chain = readiness.Oversight?.Chain ?? Policy.ApprovalChain.Empty;
        SummaryApproval[] approvals = tier.Votes
            .Where(v => v.Verdict == ApprovalVerdict.Approve)
            .Select(v => new SummaryApproval(v.Person, v.At, v.Comment))
            .ToArray();
        return chain.Tiers.Count > tier.Tier
            ? ApprovalSummaryMapping.FromReadiness(releaseId, requestedBy, changeSummary, readiness, evidence, chain, tier.Tier, approvals, tier.Deadline)
            : ApprovalSummaryMapping.FromReadiness(releaseId, requestedBy, changeSummary, readiness, evidence, SingleTier(tier), 0, approvals, tier.Deadline);
    }

    /// <summary>A tier outside the readiness chain (a post-facto review): described by its own state.</summary>
    private static Policy.ApprovalChain SingleTier(ApprovalTierState tier) => new(
        tier.ChainName,
        [new Policy.ApprovalTier(tier.TierName, tier.Groups, tier.Users, tier.Quorum, new Policy.TierSla([], null, null), new Policy.TierTimeout(tier.Deadline - tier.OpenedAt, Policy.TimeoutOutcome.Reject, null))],
        false);

    private static ReleaseEvidence EvidenceOf(string? json)
    {
        using JsonDocument document = JsonDocument.Parse(json ?? "{}");
        return ReleaseEvidenceParser.Parse(document.RootElement).Evidence;
    }
}
