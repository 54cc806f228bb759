using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using ReleasePolicy.Approvals;
using ReleasePolicy.Releases;
using ReleasePolicy.Validation;

namespace ReleasePolicy.Workflow;

/// <summary>
/// A release's path: readiness → approval (sub-orchestration) → scheduling → monitored deployment. Deterministic:
/// time comes from the context, every side effect from an activity.
/// </summary>
public static partial class ReleaseOrchestration
{
    /// <summary>Transient failures are retried with backoff; a <see cref="PermanentFailureException"/> stops at once.</summary>
    public static TaskOptions Retry { get; } = TaskOptions.FromRetryPolicy(new RetryPolicy(maxNumberOfAttempts: 5, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2)
    {
        HandleFailure = failure => !failure.IsCausedBy<PermanentFailureException>(),
    });

    public static async Task<ReleaseOutcome> RunAsync(TaskOrchestrationContext context, ReleaseWorkflowInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        ILogger logger = context.CreateReplaySafeLogger(nameof(ReleaseOrchestration));
        var path = new ReleasePath(context, input);
        try
        {
            ReleaseStatus status = await RunStagesAsync(context, input, path, logger);
            await path.CloseAsync(status, failure: null);
            return new ReleaseOutcome(input.ReleaseId, status, path.Decisions);
        }
        catch (TaskFailedException ex)
        {
            // Record why the workflow stopped, so the release shows "failed" with a reason rather than hanging
            // "in progress"; then fail the orchestration itself for the operator. The caller sees a stable reason
            // and a correlation id; the internal error goes to the log under that id. NewGuid is deterministic
            // (derived from the instance id and its history), so a replay finds the same id.
            string correlationId = context.NewGuid().ToString("N");
            string stage = JsonNamingPolicy.CamelCase.ConvertName(path.Stage.ToString());
            // An exception message can quote request text: escaped so it can never start a forged log line.
            LogWorkflowFailed(logger, input.ReleaseId, stage, correlationId, ex.FailureDetails.ErrorType, TextCharacters.Escape(ex.FailureDetails.ErrorMessage, maxLength: 1000));
            string reason = ReleaseWorkflowFailedException.Reason(stage, correlationId);
            var failure = new StageDecision(
                path.Stage,
                StageOutcomes.Failed,
                reason,
                context.CurrentUtcDateTime,
                Details: new Dictionary<string, string>(StringComparer.Ordinal) { ["correlationId"] = correlationId });
            await path.CloseFailedAsync(failure);
            throw new ReleaseWorkflowFailedException(reason);
        }
    }

    [LoggerMessage(
        Level = LogLevel.Error,
        Message = "Release {ReleaseId} could not continue in {Stage}; correlation id {CorrelationId}: {ErrorType}: {ErrorMessage}")]
    private static partial void LogWorkflowFailed(ILogger logger, string releaseId, string stage, string correlationId, string errorType, string errorMessage);

    private static async Task<ReleaseStatus> RunStagesAsync(TaskOrchestrationContext context, ReleaseWorkflowInput input, ReleasePath path, ILogger logger)
    {
        StageDecision readiness = await path.StepAsync(ReleaseStage.Readiness, WorkflowNames.EvaluateReadiness);
        if (readiness.IsRejection)
        {
            return ReleaseStatus.Rejected;
        }

        StageDecision approval = await path.ApproveAsync(readiness);
        if (approval.IsRejection)
        {
            return ReleaseStatus.Rejected;
        }

        StageDecision scheduled = await path.ScheduleAsync();
        if (scheduled.IsRejection)
        {
            return ReleaseStatus.Rejected;
        }

        bool reviewOwed = OwesReview(approval, scheduled) && input.PostFactoReview is not null;
        ReleaseStatus deployed = await path.DeployAsync(logger, reviewOwed);
        if (deployed == ReleaseStatus.Succeeded && reviewOwed && input.PostFactoReview is { } review)
        {
            // The emergency skipped pre-approval, or a freeze was overridden: the review runs now, with the policy's own deadlines.
            await path.ReviewAsync(readiness, review);
        }

        return deployed;
    }

    private static bool OwesReview(params StageDecision[] decisions) =>
        decisions.Any(d => d.Details?.GetValueOrDefault("postFactoReview") == "required");

    /// <summary>
    /// The orchestration's running state: the stage it is in, the decisions so far, and the next evidence sequence
    /// (1 is the submission, written at intake). Every step is one activity that decides, appends its evidence, updates
    /// the index and publishes its milestone event, so a release costs one episode per step; the deployment's last
    /// record rides with the close when nothing runs between them.
    /// </summary>
    private sealed partial class ReleasePath(TaskOrchestrationContext context, ReleaseWorkflowInput input)
    {
        private int nextSequence = 2;

        /// <summary>The deployment's last record, left for the close activity to write (<see cref="CloseInput.Concluding"/>).</summary>
        private DeploymentConclusion? concluding;

        public ReleaseStage Stage { get; private set; } = ReleaseStage.Readiness;

        public List<StageDecision> Decisions { get; } = [];

        public void Enter(ReleaseStage stage)
        {
            this.Stage = stage;
            context.SetCustomStatus(new ReleaseCustomStatus(stage, ReleaseStatus.InProgress));
        }

        public async Task<StageDecision> StepAsync(ReleaseStage stage, string activity)
        {
            this.Enter(stage);
            StageResult result = await context.CallActivityAsync<StageResult>(activity, new StageInput(input, this.nextSequence, context.CurrentUtcDateTime), Retry);
            return this.Took(result);
        }

        /// <summary>
        /// Waits for the release's dependencies (if it names any), books the earliest valid slot, waits on a durable timer
        /// until it opens, and runs the pre-deployment checks then; a failed check books again (the activity rejects
        /// once the policy's reschedule limit is reached). A slot that opens at once was checked by its own booking, so
        /// it costs no second activity. Returns the booking's decision, or the rejection.
        /// </summary>
        public async Task<StageDecision> ScheduleAsync()
        {
            this.Enter(ReleaseStage.Scheduling);
            string? blocked = input.Request.Schedule.DependsOn.Count > 0 ? await this.WaitForDependenciesAsync() : null;
            int attempt = 0;
            string? reason = null;
            while (true)
            {
                DateTime notBefore = context.CurrentUtcDateTime;
                StageDecision booked = await this.StepAsync<ScheduleStep>(WorkflowNames.BookDeploymentSlot, step => new ScheduleStep(step, attempt, notBefore, reason, blocked));
                if (booked.IsRejection)
                {
                    return booked;
                }

                // The same rule as the booking activity's: a first slot open when it was booked goes straight on.
                DateTime start = DateTimeOffset.Parse(booked.Details!["slotStart"], System.Globalization.CultureInfo.InvariantCulture).UtcDateTime;
                if (attempt == 0 && start <= notBefore)
                {
                    return booked;
                }

                if (start > context.CurrentUtcDateTime)
                {
                    await context.CreateTimer(start, CancellationToken.None);
                }

                StageDecision check = await this.StepAsync<DeploymentCheckStep>(WorkflowNames.CheckBeforeDeployment, step => new DeploymentCheckStep(step, attempt));
                if (check.Outcome == StageOutcomes.Cleared)
                {
                    return booked;
                }

                if (check.IsRejection)
                {
                    return check;
                }

                attempt++;
                reason = check.Summary;
            }
        }

        /// <returns>Null when every dependency succeeded; otherwise why the release cannot be scheduled.</returns>
        private async Task<string?> WaitForDependenciesAsync()
        {
            DateTime started = context.CurrentUtcDateTime;
            while (true)
            {
                DependencyState state = await context.CallActivityAsync<DependencyState>(
                    WorkflowNames.CheckDependencies, new StageInput(input, this.nextSequence, context.CurrentUtcDateTime), Retry);
                if (state.Failed.Count > 0)
                {
                    return $"a dependency cannot complete ({string.Join("; ", state.Failed)})";
                }

                if (state.Ready)
                {
                    return null;
                }

                DateTime deadline = started + state.Timeout;
                if (context.CurrentUtcDateTime >= deadline)
                {
                    return $"dependencies {string.Join(", ", state.Pending)} did not complete within {state.Timeout:c} (calendar.scheduling.dependencyTimeout)";
                }

                DateTime next = context.CurrentUtcDateTime + state.Poll;
                await context.CreateTimer(next < deadline ? next : deadline, CancellationToken.None);
            }
        }

        private async Task<StageDecision> StepAsync<TInput>(string activity, Func<StageInput, TInput> build)
        {
            StageResult result = await context.CallActivityAsync<StageResult>(activity, build(new StageInput(input, this.nextSequence, context.CurrentUtcDateTime)), Retry);
            return this.Took(result);
        }

        /// <summary>
        /// Plans here first: a release the policy approves without people (auto-approval, ungoverned, an emergency
        /// skip) costs one activity; only a chain of tiers gets its own sub-orchestration.
        /// </summary>
        public async Task<StageDecision> ApproveAsync(StageDecision readiness)
        {
            this.Enter(ReleaseStage.Approval);
            var request = new ApprovalRequest(input, readiness, this.nextSequence);
            ApprovalPlan plan = await context.CallActivityAsync<ApprovalPlan>(
                WorkflowNames.PlanApproval, new ApprovalStep(request, context.CurrentUtcDateTime), Retry);
            if (plan.Decided is { } decided)
            {
                return this.Took(decided);
            }

            StageResult result = await context.CallSubOrchestratorAsync<StageResult>(
                WorkflowNames.ApprovalOrchestrator,
                request with { Planned = plan.Chain },
                new SubOrchestrationOptions { InstanceId = ApprovalInstance.For(input.ReleaseId) });
            return this.Took(result);
        }

        public async Task<StageDecision> ReviewAsync(StageDecision readiness, Policy.ApprovalChain review)
        {
            StageResult result = await context.CallSubOrchestratorAsync<StageResult>(
                WorkflowNames.ApprovalOrchestrator,
                new ApprovalRequest(input, readiness, this.nextSequence) { Review = review },
                new SubOrchestrationOptions { InstanceId = ApprovalInstance.ReviewFor(input.ReleaseId) });
            return this.Took(result);
        }

        public async Task CloseAsync(ReleaseStatus status, StageDecision? failure)
        {
            context.SetCustomStatus(new ReleaseCustomStatus(ReleaseStage.Done, status));
            DeploymentConclusion? conclusion = this.concluding;
            this.concluding = null;
            StageDecision? concluded = await context.CallActivityAsync<StageDecision?>(
                WorkflowNames.CloseRelease, new CloseInput(input, this.nextSequence, context.CurrentUtcDateTime, status, failure, conclusion), Retry);
            if (concluded is not null)
            {
                this.Decisions.Add(concluded);
            }
        }

        /// <summary>Seals the evidence with the failure; if even that fails, the index alone still says "failed".</summary>
        public async Task CloseFailedAsync(StageDecision failure)
        {
            // A failed workflow never claims the deployment it left pending: the failure is the last word.
            this.concluding = null;
            this.Decisions.Add(failure);
            try
            {
                await this.CloseAsync(ReleaseStatus.Failed, failure);
            }
            catch (TaskFailedException)
            {
                try
                {
                    await context.CallActivityAsync(WorkflowNames.RecordReleaseProgress, new ReleaseProgress(input.ReleaseId, ReleaseStage.Done, ReleaseStatus.Failed, failure), Retry);
                }
                catch (TaskFailedException)
                {
                    // The index is unreachable too; the orchestration's own failed status still tells the truth.
                }
            }
        }

        private StageDecision Took(StageResult result)
        {
            this.Decisions.Add(result.Decision);
            this.nextSequence = result.NextSequence;
            return result.Decision;
        }
    }
}
