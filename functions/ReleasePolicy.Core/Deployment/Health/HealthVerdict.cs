namespace ReleasePolicy.Deployment.Health;

/// <summary>
/// The result of judging a deployment's health so far: every rule the profile sets, with its threshold and what was
/// measured, and the first that broke (the one that triggers the rollback), so an auditor can recompute it.
/// </summary>
public sealed record HealthVerdict(IReadOnlyList<RuleCheck> Checks)
{
    public RuleCheck? Breached => this.Checks.FirstOrDefault(c => c.Breached);

    public bool Healthy => this.Breached is null;
}

/// <param name="Rule">One of <see cref="HealthRules"/>.</param>
/// <param name="Threshold">The policy's limit, in words ("error rate above 2% in 3 consecutive samples").</param>
/// <param name="Measured">What the samples showed ("longest run above: 3 samples; last 6.05%").</param>
public sealed record RuleCheck(string Rule, string Threshold, string Measured, bool Breached);

/// <summary>The rules a deployment can fail by; recorded on the evaluation and on the incident.</summary>
public static class HealthRules
{
    public const string Alert = "alert";
    public const string ErrorRate = "errorRate";
    public const string P95Latency = "p95Latency";
    public const string FailedHealthChecks = "failedHealthChecks";
    public const string MissingSamples = "missingSamples";
    public const string DeploymentFailed = "deploymentFailed";
    public const string DeploymentNotCompleted = "deploymentNotCompleted";
    public const string ManualRollback = "manualRollback";
}
