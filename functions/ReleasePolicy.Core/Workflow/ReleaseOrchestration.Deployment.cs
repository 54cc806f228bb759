using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using ReleasePolicy.Deployment.Events;
using ReleasePolicy.Deployment.Signals;
using ReleasePolicy.Releases;

namespace ReleasePolicy.Workflow;

/// <summary>The monitored-deployment stage: clear, watch, judge, and roll back when the watch says so.</summary>
public static partial class ReleaseOrchestration
{
    private sealed partial class ReleasePath
    {
        /// <summary>
        /// Clears the release (Cleared event, release notes), then watches it as its pinned policy says: waits for the
        /// pipeline's <c>Started</c>, judges every signal during the bake time, and rolls back on failure. An unwatched
        /// release waits the host's bake time. Returns the release's final status. Unless <paramref name="reviewFollows"/>,
        /// a release that needs no rollback leaves its last record to the close, which writes both in one activity.
        /// </summary>
        public async Task<ReleaseStatus> DeployAsync(ILogger logger, bool reviewFollows)
        {
            this.Enter(ReleaseStage.Deployment);
            var inbox = new SignalInbox(context);
            DeploymentClearance clearance = await context.CallActivityAsync<DeploymentClearance>(WorkflowNames.ClearDeployment, this.Next(), Retry);
            this.Took(clearance.Result);
            DeploymentPlan plan = clearance.Plan;
            if (!plan.Watched)
            {
                logger.LogInformation("Release {ReleaseId} cleared for deployment, not watched; bake time {BakeTime}", input.ReleaseId, plan.BakeTime);
                if (plan.BakeTime > TimeSpan.Zero)
                {
                    await context.CreateTimer(context.CurrentUtcDateTime.Add(plan.BakeTime), CancellationToken.None);
                }

                if (reviewFollows)
                {
                    await this.StepAsync(ReleaseStage.Deployment, WorkflowNames.CompleteDeployment);
                }
                else
                {
                    this.concluding = new DeploymentConclusion(null);
                }

                return ReleaseStatus.Succeeded;
            }

            var watch = new DeploymentWatch(plan, context.CurrentUtcDateTime);
            WatchDecision decision = await WatchAsync(watch, inbox);
            logger.LogInformation("Release {ReleaseId} watch decided {Outcome} ({Rule})", input.ReleaseId, decision.Outcome, decision.Rule ?? "none");
            var judgement = new JudgeStep(this.Next(), plan, decision, watch.Record());
            bool closesNext = decision.Outcome == StageOutcomes.NotDeployed || (decision.Outcome == StageOutcomes.Deployed && !reviewFollows);
            if (closesNext)
            {
                this.concluding = new DeploymentConclusion(judgement);
            }
            else
            {
                this.Took(await context.CallActivityAsync<StageResult>(WorkflowNames.JudgeDeployment, judgement, Retry));
            }

            return decision.Outcome switch
            {
                StageOutcomes.Deployed => ReleaseStatus.Succeeded,
                StageOutcomes.NotDeployed => ReleaseStatus.NotDeployed,
                _ => await this.RollBackAsync(plan, decision, inbox),
            };
        }

        /// <summary>
        /// Requests the rollback (incident, RollbackRequested, escalation), then waits for the pipeline's
        /// <c>RollbackCompleted</c> against the RTO; a miss is recorded when the RTO passes, and the wait goes on to the
        /// policy's limit, after which the rollback is recorded unconfirmed.
        /// </summary>
        private async Task<ReleaseStatus> RollBackAsync(DeploymentPlan plan, WatchDecision decision, SignalInbox inbox)
        {
            RollbackTicket ticket = await context.CallActivityAsync<RollbackTicket>(WorkflowNames.RequestRollback, new RollbackStep(this.Next(), plan, decision), Retry);
            this.Took(ticket.Result);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var after = new List<DeploymentSignal>();
            DateTime rtoDeadline = ticket.RequestedAt + plan.Rto;
            DateTime? completed = await WaitForRollbackAsync(inbox, rtoDeadline, ticket.RequestedAt, seen, after);
            if (completed is null)
            {
                await this.StepAsync<RtoMissStep>(WorkflowNames.RecordRtoMiss, step => new RtoMissStep(step, plan, ticket.IncidentId, ticket.RequestedAt));
                DateTime giveUp = ticket.RequestedAt + (plan.RollbackWaitLimit > plan.Rto ? plan.RollbackWaitLimit : plan.Rto);
                completed = await WaitForRollbackAsync(inbox, giveUp, ticket.RequestedAt, seen, after);
            }

            await this.StepAsync<RollbackEndStep>(WorkflowNames.FinishRollback, step => new RollbackEndStep(step, plan, ticket.IncidentId, ticket.RequestedAt, completed, after));
            return ReleaseStatus.RolledBack;
        }

        private StageInput Next() => new(input, this.nextSequence, context.CurrentUtcDateTime);

        private async Task<WatchDecision> WatchAsync(DeploymentWatch watch, SignalInbox inbox)
        {
            while (true)
            {
                ReleaseSignal? raised = await inbox.NextAsync(watch.NextDeadline);
                if (raised is null)
                {
                    // A timer can win against a signal that arrived in time but still waits in the queue behind it: a
                    // short grace lets such a signal in (it is judged at its arrival, so a late one still fails).
                    raised = await inbox.NextAsync(context.CurrentUtcDateTime + watch.Grace);
                }

                DateTime now = context.CurrentUtcDateTime;
                if (raised is null)
                {
                    if (watch.TimeUp(now) is { } timedOut)
                    {
                        return timedOut;
                    }

                    continue;
                }

                // Judge a signal at the time it arrived (clamped into the watch), not when the orchestration got to it:
                // a backlog must not make a late sample look on time, nor a timely one late.
                DateTime at = Clamp(raised.ReceivedAt.UtcDateTime, watch.ClearedAt, now);
                if (watch.Observe(SignalReader.Read(raised), at) is { } decided)
                {
                    return decided;
                }
            }
        }

        /// <returns>When the rollback completed; null when <paramref name="until"/> passed first.</returns>
        private async Task<DateTime?> WaitForRollbackAsync(SignalInbox inbox, DateTime until, DateTime requestedAt, HashSet<string> seen, List<DeploymentSignal> after)
        {
            while (true)
            {
                ReleaseSignal? raised = await inbox.NextAsync(until);
                if (raised is null)
                {
                    return null;
                }

                if (!seen.Add(raised.EventId))
                {
                    continue;
                }

                DeploymentSignal signal = SignalReader.Read(raised);
                if (after.Count < DeploymentWatch.MaxKeptSignals)
                {
                    after.Add(signal);
                }

                if (signal.Kind == SignalKind.RollbackCompleted)
                {
                    return Clamp(raised.ReceivedAt.UtcDateTime, requestedAt, context.CurrentUtcDateTime);
                }
            }
        }

        private static DateTime Clamp(DateTime at, DateTime earliest, DateTime latest) =>
            at < earliest ? earliest : at > latest ? latest : at;
    }

    /// <summary>
    /// The release's signals, one at a time. One wait for the external event stays pending across timeouts: a second
    /// wait while the first is still registered would let the first swallow the next signal unseen.
    /// </summary>
    private sealed class SignalInbox(TaskOrchestrationContext context)
    {
        private Task<ReleaseSignal>? pending;

        /// <returns>The next signal, or null when <paramref name="until"/> came first.</returns>
        public async Task<ReleaseSignal?> NextAsync(DateTime until)
        {
            this.pending ??= context.WaitForExternalEvent<ReleaseSignal>(ReleaseSignal.EventName);
            while (!this.pending.IsCompleted)
            {
                if (until <= context.CurrentUtcDateTime)
                {
                    return null;
                }

                // Durable timers keep whole seconds and can fire early: round up, and wait again if still early, so a
                // deadline (an RTO, a sample gap) is never judged before it has passed.
                using var cancelTimer = new CancellationTokenSource();
                Task timer = context.CreateTimer(Approvals.TierTimeline.NotBefore(until), cancelTimer.Token);
                if (await Task.WhenAny(this.pending, timer) == this.pending)
                {
                    cancelTimer.Cancel();
                }
            }

            ReleaseSignal signal = await this.pending;
            this.pending = null;
            return signal;
        }
    }
}
