using ReleasePolicy.Calendar;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ReleasePolicy.Approvals;
using ReleasePolicy.Deployment.Incidents;
using ReleasePolicy.Evidence;
using ReleasePolicy.Functions;
using ReleasePolicy.LocalHost.Functions;
using ReleasePolicy.Notifications;
using ReleasePolicy.Policy;
using ReleasePolicy.Policy.Store;
using ReleasePolicy.Readiness;
using ReleasePolicy.Releases;
using ReleasePolicy.Testing;

namespace ReleasePolicy.Workflow.Tests;

/// <summary>
/// The release workflow on the in-process durable test host, registered from the Functions assembly through the
/// same reflection host the local runtime uses.
/// </summary>
public sealed class ReleaseOrchestrationTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ReleaseOrchestrator_WellEvidencedPatch_PassesEveryStageAndRecordsEachDecision()
    {
        await using var harness = await Harness.StartAsync();

        ReleaseOutcome outcome = await harness.RunAsync(Request(evidence: SampleRelease.EvidenceJson(DateTimeOffset.UtcNow).ToJsonString()));

        Assert.Equal(ReleaseStatus.Succeeded, outcome.Status);
        Assert.Equal(
            [ReleaseStage.Readiness, ReleaseStage.Approval, ReleaseStage.Scheduling, ReleaseStage.Deployment, ReleaseStage.Deployment],
            outcome.Decisions.Select(d => d.Stage));
        ReadinessDecision readiness = outcome.Decisions[0].Readiness!;
        Assert.Equal(ReadinessVerdict.Ready, readiness.Verdict);
        Assert.NotEmpty(readiness.RiskAssessment!.Factors);
        Assert.Equal(readiness.Oversight!.Chain.Name, outcome.Decisions[1].Details!["chain"]);
        Assert.Equal(StageOutcomes.Approved, outcome.Decisions[1].Outcome);
        ReleaseRecord record = (await harness.Releases.GetAsync(outcome.ReleaseId))!;
        Assert.Equal(ReleaseStage.Done, record.Stage);
        Assert.Equal(ReleaseStatus.Succeeded, record.Status);
        Assert.Equal(5, record.Decisions.Count);
    }

    [Fact]
    public async Task ReleaseOrchestrator_RequesterMayNotInitiate_EndsRejectedAtReadinessWithTheReason()
    {
        await using var harness = await Harness.StartAsync();

        ReleaseOutcome outcome = await harness.RunAsync(Request(requestedBy: "mallory", evidence: SampleRelease.EvidenceJson(DateTimeOffset.UtcNow).ToJsonString()));

        Assert.Equal(ReleaseStatus.Rejected, outcome.Status);
        StageDecision readiness = Assert.Single(outcome.Decisions);
        Assert.Equal(StageOutcomes.Rejected, readiness.Outcome);
        Assert.Contains(readiness.Reasons!, r => r.Contains("mallory", StringComparison.Ordinal));
        ReleaseRecord record = (await harness.Releases.GetAsync(outcome.ReleaseId))!;
        Assert.Equal((ReleaseStage.Done, ReleaseStatus.Rejected), (record.Stage, record.Status));
    }

    [Fact]
    public async Task ReleaseOrchestrator_NoEvidence_IsRejectedNotSilentlyPassed()
    {
        await using var harness = await Harness.StartAsync();

        ReleaseOutcome outcome = await harness.RunAsync(Request(evidence: null));

        Assert.Equal(ReleaseStatus.Rejected, outcome.Status);
        Assert.Contains(outcome.Decisions[0].Readiness!.Gates, g => g.Outcome == GateOutcome.Fail);
    }

    [Fact]
    public async Task ReleaseOrchestrator_Emergency_RecordsPostFactoReview()
    {
        await using var harness = await Harness.StartAsync();

        ReleaseOutcome outcome = await harness.RunAsync(Request(type: ReleaseType.Emergency, evidence: SampleRelease.EvidenceJson(DateTimeOffset.UtcNow).ToJsonString()));

        Assert.Equal(ReleaseStatus.Succeeded, outcome.Status);
        Assert.True(outcome.Decisions[0].Readiness!.PostFactoReviewRequired);
        Assert.Equal("true", outcome.Decisions[0].Details!["postFactoReviewRequired"]);
    }

    [Fact]
    public async Task ReleaseOrchestrator_PolicyPublishedAfterSubmission_JudgesUnderThePinnedVersion()
    {
        await using var harness = await Harness.StartAsync();
        string stricter = TestPolicies.SampleWithoutCalendar
            .Replace("version: \"2026.11.1\"", "version: \"2026.11.2\"", StringComparison.Ordinal)
            .Replace("    minCoverage: 0.70", "    minCoverage: 0.99", StringComparison.Ordinal);

        ReleaseOutcome outcome = await harness.RunAsync(
            Request(evidence: SampleRelease.EvidenceJson(DateTimeOffset.UtcNow).ToJsonString()),
            beforeStart: () => harness.Policies.PublishAsync(stricter, "2026.11.2", "test"));

        Assert.Equal(ReleaseStatus.Succeeded, outcome.Status);
        Assert.Equal("2026.11.1", outcome.Decisions[0].Details!["policyVersion"]);
        Assert.Equal("2026.11.2", (await harness.Policies.GetActiveAsync()).Version);
    }

    [Fact]
    public async Task ReleaseOrchestrator_PinnedPolicyMissing_FailsAtOnceWithAStableReasonAndCorrelationId()
    {
        await using var harness = await Harness.StartAsync();
        ReleaseRequest request = Request(evidence: SampleRelease.EvidenceJson(DateTimeOffset.UtcNow).ToJsonString());
        var missing = new PolicyReference(99, "never-published", new string('0', 64));

        OrchestrationMetadata done = await harness.StartAsync(request, missing);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        // At once: the permanent failure is not retried, so the pinned version was looked up exactly one time.
        Assert.Equal(1, harness.Policies.ReadsBySequence);
        ReleaseRecord record = (await harness.Releases.GetAsync(done.InstanceId))!;
        Assert.Equal((ReleaseStage.Done, ReleaseStatus.Failed), (record.Stage, record.Status));
        StageDecision failure = Assert.Single(record.Decisions);
        Assert.Equal(StageOutcomes.Failed, failure.Outcome);
        string correlationId = failure.Details!["correlationId"];
        Assert.Matches("^[0-9a-f]{32}$", correlationId);
        Assert.Equal($"The workflow could not continue in readiness; reference {correlationId}.", failure.Summary);
        // The internal message stays in the log; the orchestration's own failure says the same stable words.
        Assert.Equal(typeof(ReleaseWorkflowFailedException).FullName, done.FailureDetails!.ErrorType);
        Assert.Equal(failure.Summary, done.FailureDetails.ErrorMessage);
        Assert.DoesNotContain("never-published", done.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReleaseOrchestrator_EveryStep_AppendsItsEvidenceInOrderWithThePolicysRetentionForTheService()
    {
        await using var harness = await Harness.StartAsync();
        string evidence = SampleRelease.EvidenceJson(DateTimeOffset.UtcNow).ToJsonString();

        ReleaseOutcome payments = await harness.RunAsync(Request(evidence: evidence));
        ReleaseOutcome docs = await harness.RunAsync(Request(service: "internal-docs", requestedBy: "erin", evidence: evidence));

        Assert.Equal(
            ["submission", "policy-snapshot", "readiness", "approval-request", "approval-tier", "approval-decision", "schedule", "deployment-cleared", "deployment", "completion"],
            harness.Evidence.Kinds(payments.ReleaseId));
        Assert.All(harness.Evidence.RetentionOf(payments.ReleaseId), days => Assert.Equal(2555, days));
        Assert.All(harness.Evidence.RetentionOf(docs.ReleaseId), days => Assert.Equal(1095, days));
        ReleaseRecord record = (await harness.Releases.GetAsync(payments.ReleaseId))!;
        Assert.Equal(harness.Evidence.Head(payments.ReleaseId), record.EvidenceHead);
        Assert.All(record.Decisions, d => Assert.StartsWith($"releases/payments-api/{payments.ReleaseId}/", d.Details!["evidenceRecord"], StringComparison.Ordinal));
    }

    [Fact]
    public async Task ApprovalOrchestrator_AnApproverRejects_EndsRejectedWithTheirComment()
    {
        await using var harness = await Harness.StartAsync();
        ReleaseRequest request = Request(evidence: SampleRelease.EvidenceJson(DateTimeOffset.UtcNow).ToJsonString());
        string id = ReleaseIdentity.IdFor(request.Service, request.IdempotencyKey);
        using var rejecting = new CancellationTokenSource();
        Task rejecter = Task.Run(() => harness.AnswerFirstAsync(id, "grace", ApprovalVerdict.Reject, "no load test for the new index", rejecting.Token));

        ReleaseOutcome outcome = await harness.RunAsync(request, approve: false);
        await rejecting.CancelAsync();
        await rejecter.ContinueWith(_ => { }, TaskScheduler.Default);

        Assert.Equal(ReleaseStatus.Rejected, outcome.Status);
        StageDecision approval = outcome.Decisions[^1];
        Assert.Equal((ReleaseStage.Approval, StageOutcomes.Rejected), (approval.Stage, approval.Outcome));
        Assert.Contains("no load test for the new index", approval.Summary, StringComparison.Ordinal);
        ApprovalTierState tier = Assert.Single(await harness.Approvals.ListAsync(id));
        Assert.Equal(TierStatus.Rejected, tier.Status);
    }

    [Fact]
    public async Task ApprovalOrchestrator_NobodyAnswers_RemindsThenEscalatesToManagersThenTimesOutRejected()
    {
        await using var harness = await Harness.StartAsync();
        await harness.PublishAsync(WithDeadlines("2026.11.50", "{ reminders: [PT2S], escalateAfter: PT4S, escalateTo: manager }", "{ after: PT7S, outcome: reject }"));
        ReleaseRequest request = Request(evidence: SampleRelease.EvidenceJson(DateTimeOffset.UtcNow).ToJsonString());

        ReleaseOutcome outcome = await harness.RunAsync(request, approve: false);

        Assert.Equal(ReleaseStatus.Rejected, outcome.Status);
        Assert.Contains("Timed out", outcome.Decisions[^1].Summary, StringComparison.Ordinal);
        IReadOnlyList<OutgoingMail> mails = harness.Mails.For(outcome.ReleaseId);
        // The peer tier: the three senior engineers, then a reminder each, then their manager (frank, once).
        Assert.Equal(["carol", "grace", "heidi"], mails.Where(m => m.Kind == "approval-request").Select(m => m.To.Id).Order());
        Assert.Equal(["carol", "grace", "heidi"], mails.Where(m => m.Kind == "approval-reminder").Select(m => m.To.Id).Order());
        Assert.Equal(["frank"], mails.Where(m => m.Kind == "approval-escalation").Select(m => m.To.Id));
        Assert.Equal(
            ["approval-request", "approval-reminder", "approval-escalation", "approval-tier", "approval-decision"],
            harness.Evidence.Kinds(outcome.ReleaseId).Where(k => k.StartsWith("approval", StringComparison.Ordinal)));
        ApprovalTierState tier = Assert.Single(await harness.Approvals.ListAsync(outcome.ReleaseId));
        Assert.Equal(["requested", "reminded", "escalated", "timed-out"], tier.Events.Select(e => e.Kind));
        Assert.All(tier.Events.Where(e => e.Kind != "timed-out"), e => Assert.Equal(e.People.Count, e.Mails!.Count));
        Assert.Equal(["frank"], tier.AddedApprovers);
    }

    [Fact]
    public async Task ApprovalOrchestrator_EscalatedManagerApproves_CountsTowardTheQuorum()
    {
        await using var harness = await Harness.StartAsync();
        await harness.PublishAsync(WithDeadlines("2026.11.51", "{ escalateAfter: PT2S, escalateTo: manager }", "{ after: PT30S, outcome: reject }"));
        ReleaseRequest request = Request(evidence: SampleRelease.EvidenceJson(DateTimeOffset.UtcNow).ToJsonString());
        string id = ReleaseIdentity.IdFor(request.Service, request.IdempotencyKey);
        using var answering = new CancellationTokenSource();
        Task grace = Task.Run(() => harness.AnswerFirstAsync(id, "grace", ApprovalVerdict.Approve, "fine", answering.Token));
        Task frank = Task.Run(() => harness.AnswerFirstAsync(id, "frank", ApprovalVerdict.Approve, "as their manager", answering.Token));

        ReleaseOutcome outcome = await harness.RunAsync(request, approve: false);
        await answering.CancelAsync();
        await Task.WhenAll(grace, frank).ContinueWith(_ => { }, TaskScheduler.Default);

        Assert.Equal(ReleaseStatus.Succeeded, outcome.Status);
        ApprovalTierState tier = Assert.Single(await harness.Approvals.ListAsync(id));
        Assert.Equal(["grace", "frank"], tier.Votes.OrderBy(v => v.At).Select(v => v.Person));
        Assert.Equal("escalation", tier.Votes.Single(v => v.Person == "frank").EligibleBy);
    }

    [Fact]
    public async Task ReleaseOrchestrator_EmergencyByAnIncidentCommander_SkipsPreApprovalAndGetsAPostFactoReview()
    {
        await using var harness = await Harness.StartAsync();
        await harness.PublishAsync(TestPolicies.SampleWithoutCalendar
            .Replace("version: \"2026.11.1\"", "version: \"2026.11.52\"", StringComparison.Ordinal)
            .Replace("incident-commanders: [trent, wendy]", "incident-commanders: [trent, wendy, alice]", StringComparison.Ordinal));
        ReleaseRequest request = Request(type: ReleaseType.Emergency, evidence: SampleRelease.EvidenceJson(DateTimeOffset.UtcNow).ToJsonString());

        ReleaseOutcome outcome = await harness.RunAsync(request);

        Assert.Equal(ReleaseStatus.Succeeded, outcome.Status);
        StageDecision approval = outcome.Decisions.Single(d => d.Stage == ReleaseStage.Approval);
        Assert.Equal("emergency-skip", approval.Details!["basis"]);
        Assert.Contains("incident-commanders", approval.Summary, StringComparison.Ordinal);
        StageDecision review = outcome.Decisions[^1];
        Assert.Equal((ReleaseStage.Deployment, StageOutcomes.Reviewed), (review.Stage, review.Outcome));
        Assert.Equal("approvals.emergency.postFactoReview", review.Details!["chain"]);
        string[] kinds = harness.Evidence.Kinds(outcome.ReleaseId).ToArray();
        Assert.True(Array.IndexOf(kinds, "deployment") < Array.IndexOf(kinds, "post-facto-review"), string.Join(", ", kinds));
    }

    private static string WithDeadlines(string version, string sla, string timeout)
    {
        string[] lines = TestPolicies.SampleWithoutCalendar.Replace("version: \"2026.11.1\"", $"version: \"{version}\"", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            string trimmed = lines[i].TrimStart();
            string indent = lines[i][..(lines[i].Length - trimmed.Length)];
            lines[i] = trimmed.StartsWith("sla: {", StringComparison.Ordinal) ? indent + "sla: " + sla
                : trimmed.StartsWith("timeout: {", StringComparison.Ordinal) ? indent + "timeout: " + timeout
                : lines[i];
        }

        return string.Join('\n', lines);
    }

    internal static ReleaseRequest Request(string requestedBy = "alice", ReleaseType type = ReleaseType.Patch, string? evidence = null, string service = "payments-api") =>
        new(service, "1.4.2", "production", type, requestedBy, "Fix rounding", "key-" + Guid.NewGuid().ToString("N"), evidence);

    internal sealed class Harness : IAsyncDisposable
    {
        private static readonly Dictionary<string, string?> Settings = new()
        {
            ["ReleasePolicy:Directory:Mode"] = "Policy",
            ["ReleasePolicy:Mail:Mode"] = "DevOutbox",
            ["ReleasePolicy:ApprovalSigningKey"] = Convert.ToBase64String(new byte[32]),
            ["ReleasePolicy:Approvals:PublicBaseUrl"] = "http://127.0.0.1:7071",
        };

        private readonly DurableTaskTestHost host;

        private Harness(DurableTaskTestHost host, InMemoryReleaseStore releases, InMemoryPolicyStore policies, InMemoryEvidenceStore evidence, InMemoryApprovalStore approvals, CapturingMailer mails, CapturingEventPublisher events, InMemoryIncidentStore incidents)
        {
            this.Events = events;
            this.Incidents = incidents;
            this.host = host;
            this.Releases = releases;
            this.Policies = policies;
            this.Evidence = evidence;
            this.Approvals = approvals;
            this.Mails = mails;
        }

        public InMemoryApprovalStore Approvals { get; }

        public CapturingEventPublisher Events { get; }

        public InMemoryIncidentStore Incidents { get; }

        public DurableTaskClient Client => this.host.Client;

        public CapturingMailer Mails { get; }

        public InMemoryEvidenceStore Evidence { get; }

        public InMemoryReleaseStore Releases { get; }

        public InMemoryPolicyStore Policies { get; }

        public static async Task<Harness> StartAsync()
        {
            var releases = new InMemoryReleaseStore(TimeProvider.System);
            var policies = new InMemoryPolicyStore();
            var evidence = new InMemoryEvidenceStore();
            var approvals = new InMemoryApprovalStore();
            var mails = new CapturingMailer();
            var calendar = new InMemoryCalendarStore();
            var freezes = new InMemoryFreezeStore();
            var events = new CapturingEventPublisher();
            var incidents = new InMemoryIncidentStore();
            FunctionHostingPlan plan = FunctionHostingPlan.For(typeof(ServiceRegistration).Assembly);
            Assert.Empty(plan.Problems);
            DurableTaskTestHost host = await StartOnAFreePortAsync(() => DurableTaskTestHost.StartAsync(
                registry => registry.AddFunctions(plan),
                new DurableTaskTestHostOptions
                {
                    ConfigureServices = services =>
                    {
                        services.AddSingleton<IReleaseStore>(releases);
                        services.AddSingleton<IPolicyStore>(policies);
                        services.AddSingleton<IEvidenceStore>(evidence);
                        services.AddSingleton<IApprovalStore>(approvals);
                        services.AddSingleton<IMailer>(mails);
                        services.AddSingleton<ICalendarStore>(calendar);
                        services.AddSingleton<IFreezeStore>(freezes);
                        services.AddSingleton<Deployment.Outbound.IReleaseEventPublisher>(events);
                        services.AddSingleton<Deployment.Incidents.IIncidentStore>(incidents);
                        services.AddReleasePolicy(new ConfigurationBuilder().AddInMemoryCollection(Settings).Build());
                    },
                }));
            return new Harness(host, releases, policies, evidence, approvals, mails, events, incidents);
        }

        /// <summary>
        /// The test host picks a free port and then binds it; tests running in parallel can take the same port in
        /// between ("address already in use"). Picking again is the remedy: it is the host's race, not ours.
        /// </summary>
        private static async Task<DurableTaskTestHost> StartOnAFreePortAsync(Func<Task<DurableTaskTestHost>> start)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await start();
                }
                catch (IOException ex) when (attempt < 5 && ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
                {
                    await Task.Delay(50 * attempt);
                }
            }
        }

        public async Task PublishAsync(string text)
        {
            PolicyDocument document = PolicyParser.Parse(text).Document ?? throw new InvalidOperationException("The test policy does not parse.");
            await this.Policies.PublishAsync(text, document.Version, "test");
        }

        /// <summary>One person answers the first open tier that lets them, once, as soon as it does.</summary>
        public async Task AnswerFirstAsync(string releaseId, string person, ApprovalVerdict verdict, string comment, CancellationToken cancellationToken)
        {
            ApprovalAnswers answers = this.host.Services.GetRequiredService<ApprovalAnswers>();
            var signal = new DurableApprovalSignal(this.host.Client);
            while (!cancellationToken.IsCancellationRequested)
            {
                foreach (ApprovalTierState tier in (await this.Approvals.ListAsync(releaseId, cancellationToken)).Where(t => t.IsOpen && t.Waiting.Contains(person)))
                {
                    AnswerOutcome outcome = await answers.AnswerAsync(new ApprovalAnswer(releaseId, tier.Tier, person, verdict, comment, "link", DateTimeOffset.UtcNow), null, signal, cancellationToken);
                    if (outcome.WasCounted)
                    {
                        return;
                    }
                }

                await Task.Delay(100, cancellationToken);
            }
        }

        /// <summary>The approvers named in the sample policy's directory, answering every open tier of the release until it leaves approval.</summary>
        public async Task ApproveAllAsync(string releaseId, CancellationToken cancellationToken = default)
        {
            ApprovalAnswers answers = this.host.Services.GetRequiredService<ApprovalAnswers>();
            var signal = new DurableApprovalSignal(this.host.Client);
            while (!cancellationToken.IsCancellationRequested)
            {
                foreach (ApprovalTierState tier in (await this.Approvals.ListAsync(releaseId, cancellationToken)).Where(t => t.IsOpen))
                {
                    foreach (string person in tier.Waiting)
                    {
                        await answers.AnswerAsync(
                            new ApprovalAnswer(releaseId, tier.Tier, person, ApprovalVerdict.Approve, "approved in test", "link", DateTimeOffset.UtcNow), null, signal, cancellationToken);
                    }
                }

                await Task.Delay(100, cancellationToken);
            }
        }

        /// <param name="beforeStart">Runs after the release is accepted (and its policy pinned), before the workflow starts.</param>
        public async Task<ReleaseOutcome> RunAsync(ReleaseRequest request, Func<Task>? beforeStart = null, bool approve = true)
        {
            PublishedPolicy policy = await this.Policies.GetActiveAsync();
            using var approving = new CancellationTokenSource();
            Task approvers = approve
                ? Task.Run(() => this.ApproveAllAsync(ReleaseIdentity.IdFor(request.Service, request.IdempotencyKey), approving.Token))
                : Task.CompletedTask;
            OrchestrationMetadata done = await this.StartAsync(request, policy.Reference, beforeStart);
            await approving.CancelAsync();
            await approvers.ContinueWith(_ => { }, TaskScheduler.Default);
            Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage}");
            return done.ReadOutputAs<ReleaseOutcome>()!;
        }

        /// <summary>Accepts the release under <paramref name="policy"/>, runs its workflow, and returns how it ended.</summary>
        public async Task<OrchestrationMetadata> StartAsync(ReleaseRequest request, PolicyReference policy, Func<Task>? beforeStart = null) =>
            await WaitForCompletionAsync(await this.BeginAsync(request, policy, beforeStart));

        /// <summary>Waits until the release's index shows a decision of <paramref name="stage"/> with <paramref name="outcome"/>.</summary>
        public async Task WaitForDecisionAsync(string releaseId, ReleaseStage stage, string outcome)
        {
            DateTime deadline = DateTime.UtcNow + Deadline;
            while (DateTime.UtcNow < deadline)
            {
                if ((await this.Releases.GetAsync(releaseId))?.Decisions.Any(d => d.Stage == stage && d.Outcome == outcome) == true)
                {
                    return;
                }

                await Task.Delay(100);
            }

            Assert.Fail($"Release {releaseId} never recorded {stage}/{outcome}.");
        }

        /// <summary>Raises one signal to the release's orchestration, as the events endpoint does.</summary>
        public Task SignalAsync(string releaseId, string type, string? dataJson = null, string? person = null) =>
            this.host.Client.RaiseEventAsync(
                releaseId,
                Deployment.Events.ReleaseSignal.EventName,
                new Deployment.Events.ReleaseSignal("evt-" + Guid.NewGuid().ToString("N"), "test-pipeline", type, "releases/" + releaseId, DateTimeOffset.UtcNow, dataJson, Deployment.Events.EventSchema.CloudEvents, DateTimeOffset.UtcNow) { AuthorizedPerson = person });

        /// <summary>Accepts the release under <paramref name="policy"/> and starts its workflow; returns its id.</summary>
        public async Task<string> BeginAsync(ReleaseRequest request, PolicyReference policy, Func<Task>? beforeStart = null)
        {
            string id = ReleaseIdentity.IdFor(request.Service, request.IdempotencyKey);
            ReleaseRecord submitted = ReleaseRecord.Submitted(id, request, policy, DateTimeOffset.UtcNow);
            await this.Releases.TryCreateAsync(submitted);
            // What intake does: the retention of the pinned policy (the sample's, when the pinned version is missing).
            PolicyDocument pinned = (await this.Policies.ListAsync()).FirstOrDefault(p => p.Sequence == policy.Sequence) is { } published
                ? PolicyParser.Parse(published.Text).Document!
                : SamplePolicy.Load();
            int retentionDays = pinned.Retention.DaysFor(request.Service);
            await new EvidenceSubmissionArchive(this.Evidence).KeepAsync(submitted, "{}"u8.ToArray(), retentionDays);
            if (beforeStart is not null)
            {
                await beforeStart();
            }

            await this.host.Client.ScheduleNewOrchestrationInstanceAsync(
                WorkflowNames.ReleaseOrchestrator,
                new ReleaseWorkflowInput(id, request, TimeSpan.FromSeconds(1), policy) { RetentionDays = retentionDays, PostFactoReview = pinned.Approvals.Emergency?.PostFactoReview },
                new StartOrchestrationOptions(id));
            return id;
        }

        public ValueTask DisposeAsync() => this.host.DisposeAsync();

        public async Task<OrchestrationMetadata> WaitForCompletionAsync(string id)
        {
            DateTime deadline = DateTime.UtcNow + Deadline;
            OrchestrationMetadata? last = null;
            while (DateTime.UtcNow < deadline)
            {
                last = await this.host.Client.GetInstanceAsync(id, getInputsAndOutputs: true);
                if (last is { IsCompleted: true })
                {
                    return last;
                }

                await Task.Delay(100);
            }

            Assert.Fail($"Instance {id} did not finish in {Deadline}: {last?.RuntimeStatus}, custom status {last?.SerializedCustomStatus}");
            return last!;
        }
    }
}
