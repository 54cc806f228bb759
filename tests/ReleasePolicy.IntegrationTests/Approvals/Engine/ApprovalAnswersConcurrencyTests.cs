using System.Collections.Concurrent;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using ReleasePolicy.Approvals;
using ReleasePolicy.IntegrationTests.Infrastructure;
using ReleasePolicy.Notifications;

namespace ReleasePolicy.IntegrationTests.Approvals.Engine;

/// <summary>The tally on Azurite under racing clicks: counted one at a time, the orchestration told exactly once.</summary>
public sealed class ApprovalAnswersConcurrencyTests
{
    private static readonly DateTimeOffset Opened = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AnswerAsync_ThreeApproversRacingOnATwoOfThreeQuorum_CountsExactlyTwoAndSignalsOnce()
    {
        for (var round = 0; round < 5; round++)
        {
            (IApprovalStore store, ApprovalAnswers answers) = await NewAsync();
            string approvalId = await OpenAsync(store, quorum: 2);
            var signal = new CountingSignal();
            using var start = new ManualResetEventSlim();

            Task<AnswerOutcome>[] racing = new[] { "ivan", "judy", "ken" }.Select(person => Task.Run(async () =>
            {
                start.Wait();
                return await answers.AnswerAsync(Answer(approvalId, person), null, signal);
            })).ToArray();
            start.Set();
            AnswerOutcome[] outcomes = await Task.WhenAll(racing);

            StoredTier tier = (await store.GetAsync(approvalId, 0))!;
            Assert.Equal(TierStatus.Approved, tier.State.Status);
            Assert.Equal(2, tier.State.Votes.Count);
            Assert.Equal(2, outcomes.Count(o => o.WasCounted));
            Assert.Single(outcomes, o => o.Result == AnswerResult.Decided);
            AnswerOutcome late = Assert.Single(outcomes, o => !o.WasCounted);
            Assert.Equal(RefusalCodes.TierClosed, late.Code);
            Assert.Single(tier.State.Refusals, r => r.Code == RefusalCodes.TierClosed);
            Assert.Equal(1, signal.Count);
            Assert.Equal(new TierDecided(0, TierStatus.Approved), Assert.Single(signal.Signals).Decided);
        }
    }

    [Fact]
    public async Task AnswerAsync_SamePersonClickingTwiceAtOnce_CountsOnce()
    {
        (IApprovalStore store, ApprovalAnswers answers) = await NewAsync();
        string approvalId = await OpenAsync(store, quorum: 3);
        var signal = new CountingSignal();

        AnswerOutcome[] outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => answers.AnswerAsync(Answer(approvalId, "ivan"), null, signal))));

        Assert.Single(outcomes, o => o.WasCounted);
        Assert.All(outcomes.Where(o => !o.WasCounted), o => Assert.Equal(RefusalCodes.AlreadyAnswered, o.Code));
        Assert.Single((await store.GetAsync(approvalId, 0))!.State.Votes);
        Assert.Equal(0, signal.Count);
    }

    [Fact]
    public async Task AnswerAsync_RequesterAndNonMember_AreRefusedAndTheRefusalsAreKeptWithTheTier()
    {
        (IApprovalStore store, ApprovalAnswers answers) = await NewAsync();
        string approvalId = await OpenAsync(store, quorum: 1);
        var signal = new CountingSignal();

        AnswerOutcome self = await answers.AnswerAsync(Answer(approvalId, "alice"), null, signal);
        AnswerOutcome outsider = await answers.AnswerAsync(Answer(approvalId, "mallory"), null, signal);

        Assert.Equal((AnswerResult.Refused, RefusalCodes.SelfApproval), (self.Result, self.Code));
        Assert.Equal((AnswerResult.Refused, RefusalCodes.NotAMember), (outsider.Result, outsider.Code));
        ApprovalTierState tier = (await store.GetAsync(approvalId, 0))!.State;
        Assert.Equal(TierStatus.Open, tier.Status);
        Assert.Equal(["alice", "mallory"], tier.Refusals.Select(r => r.Person));
        Assert.Equal(0, signal.Count);
    }

    [Fact]
    public async Task AnswerAsync_CredentialAlreadyUsed_IsNotCounted()
    {
        (IApprovalStore store, ApprovalAnswers answers) = await NewAsync();
        string approvalId = await OpenAsync(store, quorum: 1);

        AnswerOutcome outcome = await answers.AnswerAsync(Answer(approvalId, "ivan"), _ => Task.FromResult<string?>("This link was used at 09:05 to approve."), new CountingSignal());

        Assert.Equal((AnswerResult.Conflict, RefusalCodes.TokenUsed), (outcome.Result, outcome.Code));
        Assert.Empty((await store.GetAsync(approvalId, 0))!.State.Votes);
    }

    [Fact]
    public async Task AnswerAsync_DecidingVoterAgainAfterTheTierClosed_TellsTheOrchestrationAgain_OthersDoNot()
    {
        // The deciding vote is in the tally, but its host died before telling the orchestration (the crash suite's case).
        (IApprovalStore store, ApprovalAnswers answers) = await NewAsync();
        string approvalId = await OpenAsync(store, quorum: 1);
        await store.UpdateAsync(approvalId, 0, t => t.WithVote(new ApprovalVote("ivan", ApprovalVerdict.Approve, null, Opened, "link", "group cab")));
        var signal = new CountingSignal();

        AnswerOutcome voterAgain = await answers.AnswerAsync(Answer(approvalId, "ivan"), null, signal);
        AnswerOutcome someoneElse = await answers.AnswerAsync(Answer(approvalId, "judy"), null, signal);

        Assert.Equal((AnswerResult.Conflict, RefusalCodes.TierClosed), (voterAgain.Result, voterAgain.Code));
        Assert.Equal((AnswerResult.Conflict, RefusalCodes.TierClosed), (someoneElse.Result, someoneElse.Code));
        Assert.Equal(new TierDecided(0, TierStatus.Approved), Assert.Single(signal.Signals).Decided);
        Assert.Single((await store.GetAsync(approvalId, 0))!.State.Votes);
    }

    [Fact]
    public async Task OpenAsync_Twice_KeepsTheFirstTier()
    {
        (IApprovalStore store, _) = await NewAsync();
        string approvalId = await OpenAsync(store, quorum: 2);
        await store.UpdateAsync(approvalId, 0, t => t.WithVote(new ApprovalVote("ivan", ApprovalVerdict.Approve, null, Opened, "link", "group cab")));

        ApprovalTierState again = await store.OpenAsync(NewTier(approvalId, 2));

        Assert.Single(again.Votes);
    }

    private static ApprovalAnswer Answer(string approvalId, string person) =>
        new(approvalId, 0, person, ApprovalVerdict.Approve, "ok", "link", Opened.AddMinutes(1));

    private static async Task<(IApprovalStore Store, ApprovalAnswers Answers)> NewAsync()
    {
        var table = new TableServiceClient(await TestStorage.GetConnectionStringAsync()).GetTableClient(TestNames.Unique("approvals"));
        var store = new TableApprovalStore(table);
        return (store, new ApprovalAnswers(store, new ApproverEligibility(new CabDirectory()), NullLogger<ApprovalAnswers>.Instance));
    }

    private static async Task<string> OpenAsync(IApprovalStore store, int quorum)
    {
        string approvalId = "rel-" + Guid.NewGuid().ToString("N");
        await store.OpenAsync(NewTier(approvalId, quorum));
        return approvalId;
    }

    private static ApprovalTierState NewTier(string approvalId, int quorum) => new(
        approvalId, 0, "cab", "oversight.cab", quorum, ["cab"], [], [new ExcludedPerson("alice", "requested this release")], [], ["ivan", "judy", "ken"],
        approvalId + ApprovalInstance.Suffix, "alice", Opened, Opened.AddHours(48), TierStatus.Open, [], [], []);

    private sealed class CountingSignal : IApprovalSignal
    {
        public ConcurrentQueue<(string InstanceId, TierDecided Decided)> Signals { get; } = new();

        public int Count => this.Signals.Count;

        public Task TierDecidedAsync(string instanceId, TierDecided decided, CancellationToken cancellationToken = default)
        {
            this.Signals.Enqueue((instanceId, decided));
            return Task.CompletedTask;
        }
    }

    /// <summary>Membership for the tally's tests (the directory itself is tested against the Graph stub).</summary>
    private sealed class CabDirectory : IPeopleDirectory
    {
        private static readonly string[] Cab = ["ivan", "judy", "ken", "alice"];

        public Task<DirectoryPerson?> FindPersonAsync(string idOrMail, CancellationToken cancellationToken = default) => Task.FromResult<DirectoryPerson?>(new(idOrMail, idOrMail, null));

        public Task<bool> IsGroupAsync(string name, CancellationToken cancellationToken = default) => Task.FromResult(name == "cab");

        public Task<IReadOnlyList<DirectoryPerson>> GetGroupMembersAsync(string group, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<DirectoryPerson>>(Cab.Select(p => new DirectoryPerson(p, p, null)).ToArray());

        public Task<bool> IsMemberAsync(string person, string group, CancellationToken cancellationToken = default) => Task.FromResult(group == "cab" && Cab.Contains(person));

        public Task<IReadOnlyList<string>> GetGroupsOfAsync(string person, CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<string>>(Cab.Contains(person) ? ["cab"] : []);

        public Task<DirectoryPerson?> GetManagerAsync(string person, CancellationToken cancellationToken = default) => Task.FromResult<DirectoryPerson?>(null);
    }
}
