using System.Globalization;
using ReleasePolicy.Approvals;
using ReleasePolicy.Evidence;
using ReleasePolicy.Policy;
using ReleasePolicy.Policy.Store;
using ReleasePolicy.Readiness;
using ReleasePolicy.Releases;

namespace ReleasePolicy.Workflow.Activities;

/// <summary>
/// The approval stage's start and end: which chain a release must pass (or why it passes without one, recorded with
/// the rule that allows it), and the stage's decision from its tiers. An approval is published (<c>Approved</c>) by the
/// activity that records it, after the record: the orchestration spends no episode of its own on the event.
/// </summary>
public sealed class ApprovalActivities(StageRecorder recorder, PolicyCatalog policies, EmergencyApprovalRules emergencies, DependencySignOffPlanner signOffs, ReleaseEvents events)
{
    /// <summary>The approval event's step: one per release, so a retried activity publishes the same event id.</summary>
    private const string ApprovedStep = "approval";

    public async Task<ApprovalPlan> PlanAsync(ApprovalStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        ApprovalRequest request = step.Request;
        if (request.Review is { } review)
        {
            return new ApprovalPlan(review, request.Sequence, null);
        }

        var stage = new StageInput(request.Release, request.Sequence, step.At);
        ReadinessDecision? readiness = request.Readiness.Readiness;
        if (readiness is null || !readiness.Governed || readiness.Oversight is null)
        {
            return Decided(await this.RecordAsync(stage, StageOutcomes.Approved, "Not governed by the policy's scope: no approval is required.", "ungoverned", null));
        }

        OversightRequirement oversight = readiness.Oversight;
        if (oversight.Route == ApprovalRoute.AutoApprove)
        {
            return oversight.AutoApproveAllowed
                ? Decided(await this.RecordAsync(stage, StageOutcomes.Approved, $"Approved automatically by the policy's rule (oversight.autoApprove): {oversight.AutoApproveRule}", "automatic", oversight.AutoApproveRule))
                : Decided(await this.RecordAsync(stage, StageOutcomes.Rejected, $"Rejected: the route is auto-approval but the policy does not allow it for {readiness.ReleaseType} releases.", "automatic-refused", null));
        }

        PolicyDocument policy = await policies.GetPinnedAsync(request.Release.Policy).ConfigureAwait(false);
        if (await emergencies.SkipsPreApprovalAsync(request.Release.Request, policy).ConfigureAwait(false) is { } skipRule)
        {
            return Decided(await this.RecordAsync(stage, StageOutcomes.Approved, $"Emergency: pre-approval skipped ({skipRule}); a post-facto review follows the deployment.", "emergency-skip", skipRule, postFactoReview: true));
        }

        if (oversight.Chain.Tiers.Count == 0)
        {
            return Decided(await this.RecordAsync(stage, StageOutcomes.Rejected, $"Rejected: the route {oversight.Route} has no approval tiers in the policy, so nobody could approve it.", "no-tiers", null));
        }

        ApprovalChain chain = await signOffs.AddToAsync(oversight.Chain, policy, request.Release.Request).ConfigureAwait(false);
        return new ApprovalPlan(chain, request.Sequence, null);
    }

    public async Task<StageResult> FinishAsync(ApprovalFinish finish)
    {
        ArgumentNullException.ThrowIfNull(finish);
        bool approved = finish.Tiers.Count == finish.Chain.Tiers.Count && finish.Tiers.All(t => t.Status == TierStatus.Approved);
        string tiers = string.Join("; ", finish.Tiers.Select((t, i) => $"{finish.Chain.Tiers[i].Name}: {t.Outcome}"));
        TierClosed? failed = finish.Tiers.FirstOrDefault(t => t.Status != TierStatus.Approved);
        var decision = new StageDecision(
            ReleaseStage.Approval,
            approved ? StageOutcomes.Approved : StageOutcomes.Rejected,
            approved ? $"Approved through {finish.Chain.Name}: {tiers}" : $"Rejected in {finish.Chain.Name}: {tiers}",
            At(finish.At),
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["chain"] = finish.Chain.Name,
                ["tiers"] = finish.Tiers.Count.ToString(CultureInfo.InvariantCulture),
                ["approvers"] = string.Join(",", finish.Tiers.SelectMany(t => t.Approvers)),
            },
            failed is null ? null : [failed.Outcome]);
        if (finish.Request.Review is not null)
        {
            // A post-facto review: the release is deployed; the review's decision is its own record on the release.
            decision = decision with
            {
                Stage = ReleaseStage.Deployment,
                Outcome = approved ? StageOutcomes.Reviewed : StageOutcomes.ReviewRejected,
                Summary = (approved ? "Post-facto review passed: " : "Post-facto review did not pass: ") + tiers,
            };
            return await recorder.RecordAsync(
                new StageInput(finish.Request.Release, finish.Sequence, finish.At),
                EvidenceKinds.PostFactoReview,
                decision,
                new { decision, chain = finish.Chain, tiers = finish.Tiers },
                ReleaseStage.Deployment,
                ReleaseStatus.InProgress).ConfigureAwait(false);
        }

        StageResult result = await recorder.RecordAsync(
            new StageInput(finish.Request.Release, finish.Sequence, finish.At),
            EvidenceKinds.Approval,
            decision,
            new { decision, chain = finish.Chain, tiers = finish.Tiers },
            approved ? ReleaseStage.Scheduling : ReleaseStage.Approval,
            ReleaseStatus.InProgress).ConfigureAwait(false);
        return await this.PublishIfApprovedAsync(finish.Request.Release, result).ConfigureAwait(false);
    }

    /// <summary>Tells subscribers of an approval once its record exists; a retry finds the record and publishes the same id.</summary>
    private async Task<StageResult> PublishIfApprovedAsync(ReleaseWorkflowInput release, StageResult result)
    {
        if (result.Decision.Outcome == StageOutcomes.Approved)
        {
            await events.PublishAsync(release, Deployment.Outbound.ReleaseEventTypes.Approved, ApprovedStep, result.Decision.DecidedAt, new { summary = result.Decision.Summary }).ConfigureAwait(false);
        }

        return result;
    }

    private static ApprovalPlan Decided(StageResult result) => new(ApprovalChain.Empty, result.NextSequence, result);

    private async Task<StageResult> RecordAsync(StageInput stage, string outcome, string summary, string basis, string? rule, bool postFactoReview = false)
    {
        var details = new Dictionary<string, string>(StringComparer.Ordinal) { ["basis"] = basis };
        if (rule is not null)
        {
            details["rule"] = rule;
        }

        if (postFactoReview)
        {
            details["postFactoReview"] = "required";
        }

        var decision = new StageDecision(ReleaseStage.Approval, outcome, summary, At(stage.At), details, outcome == StageOutcomes.Rejected ? [summary] : null);
        StageResult result = await recorder.RecordAsync(
            stage,
            EvidenceKinds.Approval,
            decision,
            new { decision },
            outcome == StageOutcomes.Approved ? ReleaseStage.Scheduling : ReleaseStage.Approval,
            ReleaseStatus.InProgress).ConfigureAwait(false);
        return await this.PublishIfApprovedAsync(stage.Release, result).ConfigureAwait(false);
    }

    private static DateTimeOffset At(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));
}
