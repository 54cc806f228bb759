using System.Text.Json;
using ReleasePolicy.Approvals.Presentation;
using ReleasePolicy.Policy;
using ReleasePolicy.Policy.Store;
using ReleasePolicy.Readiness;
using ReleasePolicy.Releases;

namespace ReleasePolicy.Approvals;

/// <summary>
/// What an approver sees for one tier, from the same facts everywhere: the release's request and readiness decision,
/// its submitted evidence (for the rollback plan), and the tier's tally (approvals so far, deadline).
/// </summary>
public sealed class ApprovalSummaries(IReleaseStore releases, ISubmissionArchive submissions, BlobPolicyProposals proposals, IPolicyStore policies)
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
        if (tier.ApprovalId.StartsWith(PolicyProposal.ApprovalPrefix, StringComparison.Ordinal))
        {
            return await this.ForPolicyChangeAsync(tier, cancellationToken).ConfigureAwait(false);
        }

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

    /// <summary>A proposed policy version: the diff against the version it was proposed to replace.</summary>
    private async Task<ApprovalSummary?> ForPolicyChangeAsync(ApprovalTierState tier, CancellationToken cancellationToken)
    {
        PolicyProposal? proposal = await proposals.GetAsync(tier.ApprovalId[PolicyProposal.ApprovalPrefix.Length..], cancellationToken).ConfigureAwait(false);
        if (proposal is null)
        {
            return null;
        }

        PublishedPolicy? basePolicy = await policies.GetAsync(proposal.Base.Sequence, cancellationToken).ConfigureAwait(false);
        // The base policy's council chain decides the proposal; its length is the "tier n of m" the page shows.
        int tierCount = basePolicy is null ? tier.Tier + 1 : PolicyParser.Parse(basePolicy.Text).Document?.Approvals.PolicyChanges?.Tiers.Count ?? tier.Tier + 1;
        return PolicyChangeSummary.Build(proposal, basePolicy?.Text ?? string.Empty, tier, tierCount);
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
