using ReleasePolicy.Policy;
using ReleasePolicy.Policy.Store;
using ReleasePolicy.Releases;

namespace ReleasePolicy.Core.Tests.Releases;

/// <summary>A release only moves forward: stage order, then submitted &lt; in progress &lt; finished.</summary>
public sealed class ReleaseProgressionTests
{
    private static readonly DateTimeOffset Now = TestData.Now;

    [Fact]
    public void With_LaterStage_MovesForward()
    {
        ReleaseRecord moved = Submitted().With(Progress(ReleaseStage.Approval, ReleaseStatus.InProgress), Now.AddMinutes(1));

        Assert.Equal((ReleaseStage.Approval, ReleaseStatus.InProgress), (moved.Stage, moved.Status));
        Assert.Equal(Now.AddMinutes(1), moved.UpdatedAt);
    }

    [Fact]
    public void With_EarlierStage_KeepsPositionAndReturnsSameRecord()
    {
        ReleaseRecord atScheduling = Submitted().With(Progress(ReleaseStage.Scheduling, ReleaseStatus.InProgress), Now);

        ReleaseRecord late = atScheduling.With(Progress(ReleaseStage.Readiness, ReleaseStatus.InProgress), Now.AddMinutes(1));

        Assert.Same(atScheduling, late);
    }

    [Fact]
    public void With_SubmittedAfterInProgress_DoesNotGoBack()
    {
        ReleaseRecord running = Submitted().With(Progress(ReleaseStage.Readiness, ReleaseStatus.InProgress), Now);

        Assert.Same(running, running.With(Progress(ReleaseStage.Readiness, ReleaseStatus.Submitted), Now.AddMinutes(1)));
    }

    [Theory]
    [InlineData(ReleaseStatus.Rejected)]
    [InlineData(ReleaseStatus.Succeeded)]
    [InlineData(ReleaseStatus.Failed)]
    public void With_FinishedRelease_NeverChanges(ReleaseStatus final)
    {
        ReleaseRecord done = Submitted().With(Progress(ReleaseStage.Done, final), Now);

        foreach (ReleaseStatus other in Enum.GetValues<ReleaseStatus>())
        {
            Assert.Same(done, done.With(Progress(ReleaseStage.Done, other, Decision(ReleaseStage.Deployment)), Now.AddMinutes(1)));
        }
    }

    [Fact]
    public void With_LateDecisionOfAnEarlierStage_IsKeptWithoutMovingBack()
    {
        ReleaseRecord atApproval = Submitted().With(Progress(ReleaseStage.Approval, ReleaseStatus.InProgress), Now);

        ReleaseRecord late = atApproval.With(Progress(ReleaseStage.Readiness, ReleaseStatus.InProgress, Decision(ReleaseStage.Readiness)), Now);

        Assert.Equal(ReleaseStage.Approval, late.Stage);
        Assert.Equal(ReleaseStage.Readiness, Assert.Single(late.Decisions).Stage);
    }

    [Fact]
    public void With_SameStageRetried_ReplacesItsDecision()
    {
        ReleaseRecord first = Submitted().With(Progress(ReleaseStage.Approval, ReleaseStatus.InProgress, Decision(ReleaseStage.Readiness, "first")), Now);

        ReleaseRecord retried = first.With(Progress(ReleaseStage.Approval, ReleaseStatus.InProgress, Decision(ReleaseStage.Readiness, "retried")), Now);

        Assert.Equal("retried", Assert.Single(retried.Decisions).Summary);
    }

    private static ReleaseRecord Submitted() => ReleaseRecord.Submitted(
        "rel-00000000000000000000000000000001",
        new ReleaseRequest("payments-api", "1.0.0", "production", ReleaseType.Patch, "alice", "x", "k", null),
        new PolicyReference(1, "2026.11.1", new string('a', 64)),
        Now);

    private static ReleaseProgress Progress(ReleaseStage stage, ReleaseStatus status, StageDecision? decision = null) =>
        new("rel-00000000000000000000000000000001", stage, status, decision);

    private static StageDecision Decision(ReleaseStage stage, string summary = "ok") => new(stage, "passed", summary, Now);
}
