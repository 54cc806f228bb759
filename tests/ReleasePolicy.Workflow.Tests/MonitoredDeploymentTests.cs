using ReleasePolicy.Deployment.Incidents;
using ReleasePolicy.Deployment.Outbound;
using ReleasePolicy.Deployment.Signals;
using ReleasePolicy.Releases;
using ReleasePolicy.Testing;
using Harness = ReleasePolicy.Workflow.Tests.ReleaseOrchestrationTests.Harness;

namespace ReleasePolicy.Workflow.Tests;

/// <summary>
/// The deployment stage on the real durable engine (in-process test host): signals raised as the events endpoint raises
/// them, a short monitoring profile, and the sample policy otherwise.
/// </summary>
public sealed class MonitoredDeploymentTests
{
    private const string Monitoring = """
        monitoring:
          environments: [production]
          startTimeout: PT20S
          rollbackWaitLimit: PT20S
          notify: { support: [customer-support], escalation: [incident-commanders] }
          incidents: { rootCauseAnalysisRequired: true, exemptReleaseTypes: [emergency] }
          profiles:
            - name: fast
              bakeTime: PT4S
              maxSampleGap: PT3S
              errorRate: { abovePercent: 2, consecutive: 2 }
              alertSeverities: [Sev0, Sev1]
        """;

    [Fact]
    public async Task Deployment_HealthySamplesAndSuccess_Succeeds_AndPublishesEveryMilestone()
    {
        await using Harness harness = await StartAsync(Monitoring);
        (string id, Task<ReleaseOutcome> run) = await BeginAsync(harness);

        await harness.SignalAsync(id, SignalTypes.DeploymentStarted);
        using var sampling = new CancellationTokenSource();
        Task samples = SendSamplesAsync(harness, id, errorRate: 0.1, sampling.Token);
        await harness.SignalAsync(id, SignalTypes.DeploymentSucceeded);
        ReleaseOutcome outcome = await run;
        await sampling.CancelAsync();
        await samples.ContinueWith(_ => { }, TaskScheduler.Default);

        Assert.Equal(ReleaseStatus.Succeeded, outcome.Status);
        StageDecision judged = outcome.Decisions.Last(d => d.Stage == ReleaseStage.Deployment);
        Assert.Equal(StageOutcomes.Deployed, judged.Outcome);
        Assert.Equal("fast", judged.Details!["profile"]);
        Assert.Equal(
            [ReleaseEventTypes.Approved, ReleaseEventTypes.Scheduled, ReleaseEventTypes.Cleared, ReleaseEventTypes.Completed],
            harness.Events.TypesFor(id));
        Assert.Empty(await harness.Incidents.ListAsync(null, null, 10));
    }

    [Fact]
    public async Task Deployment_ErrorRateBreach_RollsBack_OpensAnIncident_AndMeetsTheRto()
    {
        await using Harness harness = await StartAsync(Monitoring);
        (string id, Task<ReleaseOutcome> run) = await BeginAsync(harness);

        await harness.SignalAsync(id, SignalTypes.DeploymentStarted);
        await harness.SignalAsync(id, SignalTypes.HealthSample, Sample(6.05));
        await harness.SignalAsync(id, SignalTypes.HealthSample, Sample(7.5));
        await harness.WaitForDecisionAsync(id, ReleaseStage.Deployment, StageOutcomes.RollbackRequested);
        await harness.SignalAsync(id, SignalTypes.RollbackCompleted);
        ReleaseOutcome outcome = await run;

        Assert.Equal(ReleaseStatus.RolledBack, outcome.Status);
        Assert.Equal(
            [StageOutcomes.Cleared, StageOutcomes.Unhealthy, StageOutcomes.RollbackRequested, StageOutcomes.RolledBack],
            outcome.Decisions.Where(d => d.Stage == ReleaseStage.Deployment).Select(d => d.Outcome));
        Assert.Equal("errorRate", outcome.Decisions.Single(d => d.Outcome == StageOutcomes.Unhealthy).Details!["rule"]);
        Assert.Contains(ReleaseEventTypes.RollbackRequested, harness.Events.TypesFor(id));
        Incident incident = (await harness.Incidents.GetAsync(Incident.IdFor(id)))!;
        Assert.True(incident.RtoMet);
        Assert.True(incident.OwesRootCauseAnalysis);
        Assert.Contains(harness.Mails.For(id), m => m.Kind == "rollback-escalation");
        Assert.Contains(harness.Mails.For(id), m => m.Kind == "release-notes");
    }

    [Fact]
    public async Task Deployment_NoSamplesAfterStart_RollsBackForMissingSamples()
    {
        await using Harness harness = await StartAsync(Monitoring);
        (string id, Task<ReleaseOutcome> run) = await BeginAsync(harness);

        await harness.SignalAsync(id, SignalTypes.DeploymentStarted);
        await harness.WaitForDecisionAsync(id, ReleaseStage.Deployment, StageOutcomes.RollbackRequested);
        await harness.SignalAsync(id, SignalTypes.RollbackCompleted);
        ReleaseOutcome outcome = await run;

        Assert.Equal(ReleaseStatus.RolledBack, outcome.Status);
        Assert.Equal("missingSamples", outcome.Decisions.Single(d => d.Outcome == StageOutcomes.Unhealthy).Details!["rule"]);
    }

    [Fact]
    public async Task Deployment_RollbackCompletedAfterTheRto_RecordsTheMissAndEscalates()
    {
        // The patch RTO shortened to 2 s: the rollback completes after it.
        await using Harness harness = await StartAsync(Monitoring, policy => policy.Replace("rto: \"01:00:00\"", "rto: PT2S", StringComparison.Ordinal));
        (string id, Task<ReleaseOutcome> run) = await BeginAsync(harness);

        await harness.SignalAsync(id, SignalTypes.DeploymentFailed, """{"reason":"helm upgrade timed out"}""");
        await harness.WaitForDecisionAsync(id, ReleaseStage.Deployment, StageOutcomes.RtoMissed);
        await harness.SignalAsync(id, SignalTypes.RollbackCompleted);
        ReleaseOutcome outcome = await run;

        Assert.Equal(ReleaseStatus.RolledBack, outcome.Status);
        StageDecision rolledBack = outcome.Decisions.Last();
        Assert.Equal((StageOutcomes.RolledBack, "false"), (rolledBack.Outcome, rolledBack.Details!["rtoMet"]));
        Assert.False((await harness.Incidents.GetAsync(Incident.IdFor(id)))!.RtoMet);
        Assert.Contains(harness.Mails.For(id), m => m.Kind == "rto-missed");
    }

    [Fact]
    public async Task Deployment_NoStartedSignal_EndsNotDeployed()
    {
        await using Harness harness = await StartAsync(Monitoring.Replace("startTimeout: PT20S", "startTimeout: PT2S", StringComparison.Ordinal));
        (string id, Task<ReleaseOutcome> run) = await BeginAsync(harness);

        ReleaseOutcome outcome = await run;

        Assert.Equal(ReleaseStatus.NotDeployed, outcome.Status);
        Assert.Equal(StageOutcomes.NotDeployed, outcome.Decisions.Last().Outcome);
        Assert.Contains(ReleaseEventTypes.Completed, harness.Events.TypesFor(id));
        Assert.Empty(await harness.Incidents.ListAsync(null, null, 10));
    }

    private static async Task<Harness> StartAsync(string monitoring, Func<string, string>? edit = null)
    {
        Harness harness = await Harness.StartAsync();
        await harness.PublishAsync((edit ?? (p => p))(TestPolicies.WithMonitoring(monitoring)).Replace("version: \"2026.11.1\"", "version: \"2026.11.9\"", StringComparison.Ordinal));
        return harness;
    }

    /// <summary>Starts a production patch of payments-api (the harness approves it) and returns its id and the run, once it is cleared.</summary>
    private static async Task<(string Id, Task<ReleaseOutcome> Run)> BeginAsync(Harness harness)
    {
        ReleaseRequest request = ReleaseOrchestrationTests.Request(evidence: SampleRelease.EvidenceJson(DateTimeOffset.UtcNow).ToJsonString());
        string id = ReleaseIdentity.IdFor(request.Service, request.IdempotencyKey);
        Task<ReleaseOutcome> run = harness.RunAsync(request);
        await harness.WaitForDecisionAsync(id, ReleaseStage.Deployment, StageOutcomes.Cleared);
        return (id, run);
    }

    private static async Task SendSamplesAsync(Harness harness, string id, double errorRate, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await harness.SignalAsync(id, SignalTypes.HealthSample, Sample(errorRate));
            await Task.Delay(1000, cancellationToken);
        }
    }

    private static string Sample(double errorRate) =>
        "{\"requests\":1000,\"errorRatePercent\":" + errorRate.ToString(System.Globalization.CultureInfo.InvariantCulture) + ",\"p95LatencyMs\":200,\"healthChecks\":{\"passed\":5,\"failed\":0}}";
}
