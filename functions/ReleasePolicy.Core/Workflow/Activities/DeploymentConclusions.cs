using System.Globalization;
using ReleasePolicy.Evidence;
using ReleasePolicy.Releases;

namespace ReleasePolicy.Workflow.Activities;

/// <summary>
/// The deployment stage's last record: the watch's judgement with every signal, threshold and rule behind it, or, for
/// an unwatched release, that its bake time passed. Written by its own activity when more follows (a rollback, a
/// post-facto review), and by the close activity otherwise, so the common path costs one orchestration episode less.
/// </summary>
public sealed class DeploymentConclusions(StageRecorder recorder)
{
    /// <summary>Records <paramref name="conclusion"/> at <paramref name="step"/>'s sequence and time.</summary>
    public Task<StageResult> RecordAsync(DeploymentConclusion conclusion, StageInput step)
    {
        ArgumentNullException.ThrowIfNull(conclusion);
        return conclusion.Judgement is { } judgement ? this.JudgeAsync(judgement with { Step = step }) : this.CompleteUnwatchedAsync(step);
    }

    /// <summary>An unwatched release: the bake time passed, and the decision says nothing watched it.</summary>
    public Task<StageResult> CompleteUnwatchedAsync(StageInput step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var decision = new StageDecision(
            ReleaseStage.Deployment,
            StageOutcomes.Deployed,
            "Bake time passed; the release was not watched (its environment is not monitored by the policy).",
            DeploymentActivities.At(step),
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["bakeTime"] = step.Release.BakeTime.ToString("c", CultureInfo.InvariantCulture),
                ["watched"] = "false",
            });
        return recorder.RecordAsync(step, EvidenceKinds.Deployment, decision, new { decision }, ReleaseStage.Deployment, ReleaseStatus.InProgress);
    }

    /// <summary>Records the watch's decision with everything an auditor needs to recompute it.</summary>
    public Task<StageResult> JudgeAsync(JudgeStep judge)
    {
        ArgumentNullException.ThrowIfNull(judge);
        WatchDecision watched = judge.Decision;
        WatchRecord watch = judge.Watch;
        var details = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["profile"] = judge.Plan.Profile ?? string.Empty,
            ["signals"] = watch.Signals.Count.ToString(CultureInfo.InvariantCulture),
            ["samples"] = watch.Signals.Count(s => s.Kind == Deployment.Signals.SignalKind.HealthSample).ToString(CultureInfo.InvariantCulture),
        };
        if (watched.Rule is { } rule)
        {
            details["rule"] = rule;
        }

        if (watch.StartedAt is { } started)
        {
            details["startedAt"] = DeploymentActivities.Stamp(started);
        }

        if (watch.SucceededAt is { } succeeded)
        {
            details["succeededAt"] = DeploymentActivities.Stamp(succeeded);
        }

        var decision = new StageDecision(ReleaseStage.Deployment, watched.Outcome, watched.Reason, DeploymentActivities.Utc(watched.DecidedAt), details);
        return recorder.RecordAsync(
            judge.Step,
            EvidenceKinds.Deployment,
            decision,
            new { decision, plan = judge.Plan, thresholds = judge.Plan.Thresholds, watch },
            ReleaseStage.Deployment,
            ReleaseStatus.InProgress);
    }
}
