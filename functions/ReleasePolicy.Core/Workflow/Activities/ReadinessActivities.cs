using System.Globalization;
using System.Text.Json;
using ReleasePolicy.Policy;
using ReleasePolicy.Policy.Store;
using ReleasePolicy.Readiness;
using ReleasePolicy.Releases;

namespace ReleasePolicy.Workflow.Activities;

/// <summary>The readiness stage: judges the release against the exact policy version it was submitted under.</summary>
public sealed class ReadinessActivities(PolicyCatalog policies, TimeProvider time)
{
    public async Task<StageDecision> EvaluateAsync(ReleaseWorkflowInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ReleaseRequest release = input.Request;
        PolicyDocument policy = await policies.GetPinnedAsync(input.Policy).ConfigureAwait(false);
        using JsonDocument evidenceJson = JsonDocument.Parse(release.EvidenceJson ?? "{}");
        EvidenceParseResult evidence = ReleaseEvidenceParser.Parse(evidenceJson.RootElement);
        DateTimeOffset now = time.GetUtcNow();
        if (evidence.Errors.Count > 0)
        {
            // Submission validates evidence, so this only happens to a release accepted by an older build.
            string[] reasons = evidence.Errors.Select(e => $"{e.Field}: {e.Reason}").ToArray();
            return new StageDecision(ReleaseStage.Readiness, StageOutcomes.Rejected, "Rejected: the evidence is malformed.", now, Details(input, null), reasons);
        }

        var request = new ReadinessRequest(release.Service, release.Version, release.Environment, release.Type.ToPolicyName(), release.RequestedBy, evidence.Evidence);
        ReadinessDecision decision = ReadinessEvaluator.Evaluate(request, policy, now);
        (string outcome, string summary) = decision.Verdict switch
        {
            ReadinessVerdict.Ready => (StageOutcomes.Passed, ReadySummary(decision)),
            ReadinessVerdict.Ungoverned => (StageOutcomes.Ungoverned, "Not governed by the policy's scope; passed through: " + string.Join("; ", decision.Reasons)),
            _ => (StageOutcomes.Rejected, "Rejected: " + string.Join("; ", decision.Reasons)),
        };
        return new StageDecision(ReleaseStage.Readiness, outcome, summary, now, Details(input, decision), decision.Reasons, decision);
    }

    private static string ReadySummary(ReadinessDecision decision) =>
        decision.RiskAssessment is { } risk && decision.Oversight is { } oversight
            ? string.Create(CultureInfo.InvariantCulture, $"Ready: risk {risk.Score}/100 ({risk.Level}); approval route {oversight.Route}.")
            : "Ready.";

    private static Dictionary<string, string> Details(ReleaseWorkflowInput input, ReadinessDecision? decision)
    {
        var details = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["policyVersion"] = input.Policy.Version,
            ["policyHash"] = input.Policy.Hash,
        };
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
