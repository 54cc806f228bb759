using System.Globalization;
using System.Text.Json;
using ReleasePolicy.Deployment;
using ReleasePolicy.Deployment.Incidents;
using ReleasePolicy.Evidence;
using ReleasePolicy.Notifications;
using ReleasePolicy.Policy;
using ReleasePolicy.Policy.Store;
using ReleasePolicy.Readiness;
using ReleasePolicy.Releases;

namespace ReleasePolicy.Workflow.Activities;

/// <summary>
/// The readiness stage: judges the release against the exact policy version it was submitted under, and records the
/// policy it used (a snapshot of its text) and the full decision as evidence.
/// </summary>
public sealed class ReadinessActivities(PolicyCatalog policies, IPolicyStore store, StageRecorder recorder, IPeopleDirectory directory, RecentEmergencies emergencies, IIncidentStore incidents)
{
    public async Task<StageResult> EvaluateAsync(StageInput step)
    {
        ArgumentNullException.ThrowIfNull(step);
        ReleaseWorkflowInput input = step.Release;
        PolicyDocument policy = await policies.GetPinnedAsync(input.Policy).ConfigureAwait(false);
        PublishedPolicy published = await store.GetAsync(input.Policy.Sequence).ConfigureAwait(false)
            ?? throw new PermanentFailureException($"Policy #{input.Policy.Sequence} is missing from the policy store.");
        await recorder.AppendAsync(input, step.Sequence, EvidenceKinds.PolicySnapshot, step.At, EvidenceData.FromObject(new
        {
            published.Sequence,
            published.Version,
            published.Hash,
            published.PublishedAt,
            published.PublishedBy,
            published.Text,
        })).ConfigureAwait(false);

        var now = new DateTimeOffset(DateTime.SpecifyKind(step.At, DateTimeKind.Utc));

        // RACI entries and the emergency rule may name groups: the requester's groups come from the directory now.
        IReadOnlyList<string> groups = await directory.GetGroupsOfAsync(input.Request.RequestedBy).ConfigureAwait(false);
        int recentEmergencies = policy.Approvals.Emergency is { } emergency
            ? await emergencies.CountAsync(input.Request.Service, input.ReleaseId, emergency.RepeatWindow, now).ConfigureAwait(false)
            : 0;

        // Only a monitored policy opens incidents or enforces their analyses: without the section the gate is waived unread.
        // Incidents opened after the decision's time do not count, so a retried activity decides (and records) the same.
        IReadOnlyList<string> owed = policy.Monitoring.Governed
            ? (await incidents.OwingRootCauseAsync(input.Request.Service, input.Request.Environment).ConfigureAwait(false))
                .Where(i => i.OpenedAt <= now).Select(i => i.Id).ToArray()
            : [];
        (StageDecision decision, IReadOnlyList<ScanFinding>? findings) = Decide(input, policy, now, groups, recentEmergencies, owed);
        bool passed = !decision.IsRejection;
        return await recorder.RecordAsync(
            step with { Sequence = step.Sequence + 1 },
            EvidenceKinds.Readiness,
            decision,
            new { decision, findings },
            passed ? ReleaseStage.Approval : ReleaseStage.Readiness,
            ReleaseStatus.InProgress).ConfigureAwait(false);
    }

    /// <summary>The decision, and every scan finding it saw (the evidence record lists them all).</summary>
    private static (StageDecision Decision, IReadOnlyList<ScanFinding>? Findings) Decide(
        ReleaseWorkflowInput input, PolicyDocument policy, DateTimeOffset now, IReadOnlyList<string> requesterGroups, int recentEmergencies, IReadOnlyList<string> owedRootCauses)
    {
        ReleaseRequest release = input.Request;
        using JsonDocument evidenceJson = JsonDocument.Parse(release.EvidenceJson ?? "{}");
        EvidenceParseResult evidence = ReleaseEvidenceParser.Parse(evidenceJson.RootElement);
        if (evidence.Errors.Count > 0)
        {
            // Submission validates evidence, so this only happens to a release accepted by an older build.
            string[] reasons = evidence.Errors.Select(e => $"{e.Field}: {e.Reason}").ToArray();
            return (new StageDecision(ReleaseStage.Readiness, StageOutcomes.Rejected, "Rejected: the evidence is malformed.", now, Details(input, null, null), reasons), null);
        }

        var request = new ReadinessRequest(release.Service, release.Version, release.Environment, release.Type.ToPolicyName(), release.RequestedBy, evidence.Evidence, requesterGroups, recentEmergencies, owedRootCauses);
        ReadinessDecision decision = ReadinessEvaluator.Evaluate(request, policy, now);
        (string outcome, string summary) = decision.Verdict switch
        {
            ReadinessVerdict.Ready => (StageOutcomes.Passed, ReadySummary(decision)),
            ReadinessVerdict.Ungoverned => (StageOutcomes.Ungoverned, "Not governed by the policy's scope; passed through: " + string.Join("; ", decision.Reasons)),
            _ => (StageOutcomes.Rejected, "Rejected: " + string.Join("; ", decision.Reasons)),
        };
        return (new StageDecision(ReleaseStage.Readiness, outcome, summary, now, Details(input, decision, evidence.Evidence), decision.Reasons, decision), evidence.Evidence?.ScanFindings?.Findings);
    }

    private static string ReadySummary(ReadinessDecision decision) =>
        decision.RiskAssessment is { } risk && decision.Oversight is { } oversight
            ? string.Create(CultureInfo.InvariantCulture, $"Ready: risk {risk.Score}/100 ({risk.Level}); approval route {oversight.Route}.")
            : "Ready.";

    private static Dictionary<string, string> Details(ReleaseWorkflowInput input, ReadinessDecision? decision, ReleaseEvidence? evidence)
    {
        var details = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["policyVersion"] = input.Policy.Version,
            ["policyHash"] = input.Policy.Hash,
        };
        if (evidence is not null)
        {
            // How the database comes back if the deployment is rolled back: readiness states it, the rollback request repeats it.
            details["databaseRollback"] = DatabaseRollbackStrategy.Of(evidence.SchemaMigration);
        }

        if (decision?.RiskAssessment is { } risk)
        {
            details["riskScore"] = risk.Score.ToString(CultureInfo.InvariantCulture);
            details["riskLevel"] = risk.Level.ToString();
        }

        if (decision?.Oversight is { } oversight)
        {
            details["approvalRoute"] = oversight.Route.ToString();
        }

        if (decision?.PostFactoReviewRequired == true)
        {
            details["postFactoReviewRequired"] = "true";
        }

        return details;
    }
}
