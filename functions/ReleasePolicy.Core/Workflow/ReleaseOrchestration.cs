using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using ReleasePolicy.Releases;
using ReleasePolicy.Validation;

namespace ReleasePolicy.Workflow;

/// <summary>
/// A release's path: readiness → approval (sub-orchestration) → scheduling → monitored deployment. Deterministic:
/// time comes from the context, every side effect from an activity.
/// </summary>
public static class ReleaseOrchestration
{
    public static async Task<ReleaseOutcome> RunAsync(TaskOrchestrationContext context, ReleaseWorkflowInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        ILogger logger = context.CreateReplaySafeLogger(nameof(ReleaseOrchestration));
        var decisions = new List<StageDecision>();
        ReleaseStage current = ReleaseStage.Readiness;
        var retry = TaskOptions.FromRetryPolicy(new RetryPolicy(maxNumberOfAttempts: 5, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2)
        {
            HandleFailure = failure => !failure.IsCausedBy<PermanentFailureException>(),
        });

        async Task Report(ReleaseStage stage, ReleaseStatus status, StageDecision? decision)
        {
            current = stage == ReleaseStage.Done ? current : stage;
            context.SetCustomStatus(new ReleaseCustomStatus(stage, status));
            if (decision is not null)
            {
                decisions.Add(decision);
            }

            await context.CallActivityAsync(WorkflowNames.RecordReleaseProgress, new ReleaseProgress(input.ReleaseId, stage, status, decision), retry);
        }

        try
        {
            return await RunStagesAsync(context, input, Report, decisions, retry, logger);
        }
        catch (TaskFailedException ex)
        {
            // Record why the workflow stopped, so the release shows "failed" with a reason rather than hanging
            // "in progress"; then fail the orchestration itself for the operator.
            // An exception message can quote request text: escaped so it can never start a forged log line.
            logger.LogError("Release {ReleaseId} failed in {Stage}: {Error}", input.ReleaseId, current, TextCharacters.Escape(ex.FailureDetails.ErrorMessage, maxLength: 1000));
            var failure = new StageDecision(current, StageOutcomes.Failed, $"The workflow failed in {current}: {ex.FailureDetails.ErrorMessage}", context.CurrentUtcDateTime);
            try
            {
                await Report(ReleaseStage.Done, ReleaseStatus.Failed, failure);
            }
            catch (TaskFailedException)
            {
                // The index is unreachable too; the orchestration's own failed status still tells the truth.
            }

            throw;
        }
    }

    private static async Task<ReleaseOutcome> RunStagesAsync(
        TaskOrchestrationContext context,
        ReleaseWorkflowInput input,
        Func<ReleaseStage, ReleaseStatus, StageDecision?, Task> report,
        List<StageDecision> decisions,
        TaskOptions retry,
        ILogger logger)
    {

        await report(ReleaseStage.Readiness, ReleaseStatus.InProgress, null);
        StageDecision readiness = await context.CallActivityAsync<StageDecision>(WorkflowNames.EvaluateReadiness, input, retry);
        if (readiness.IsRejection)
        {
            await report(ReleaseStage.Done, ReleaseStatus.Rejected, readiness);
            return new ReleaseOutcome(input.ReleaseId, ReleaseStatus.Rejected, decisions);
        }

        await report(ReleaseStage.Approval, ReleaseStatus.InProgress, readiness);
        StageDecision approval = await context.CallSubOrchestratorAsync<StageDecision>(
            WorkflowNames.ApprovalOrchestrator,
            new ApprovalRequest(input.ReleaseId, input.Request, readiness),
            new SubOrchestrationOptions { InstanceId = input.ReleaseId + ":approval" });
        if (approval.IsRejection)
        {
            await report(ReleaseStage.Done, ReleaseStatus.Rejected, approval);
            return new ReleaseOutcome(input.ReleaseId, ReleaseStatus.Rejected, decisions);
        }

        await report(ReleaseStage.Scheduling, ReleaseStatus.InProgress, approval);
        StageDecision schedule = await context.CallActivityAsync<StageDecision>(WorkflowNames.BookDeploymentSlot, input, retry);

        await report(ReleaseStage.Deployment, ReleaseStatus.InProgress, schedule);
        logger.LogInformation("Release {ReleaseId} cleared for deployment; watching for {BakeTime}", input.ReleaseId, input.BakeTime);
        if (input.BakeTime > TimeSpan.Zero)
        {
            await context.CreateTimer(context.CurrentUtcDateTime.Add(input.BakeTime), CancellationToken.None);
        }

        StageDecision deployment = await context.CallActivityAsync<StageDecision>(WorkflowNames.CompleteDeployment, input, retry);
        await report(ReleaseStage.Done, ReleaseStatus.Succeeded, deployment);
        return new ReleaseOutcome(input.ReleaseId, ReleaseStatus.Succeeded, decisions);
    }
}
