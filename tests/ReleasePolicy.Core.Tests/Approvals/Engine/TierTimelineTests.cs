using ReleasePolicy.Approvals;
using ReleasePolicy.Policy;
using static ReleasePolicy.Core.Tests.Approvals.Engine.TierFixtures;

namespace ReleasePolicy.Core.Tests.Approvals.Engine;

public sealed class TierTimelineTests
{
    private static readonly DateTime Open = new(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void For_RemindersEscalationAndTimeout_InTimeOrderWithTheTimeoutLast()
    {
        ApprovalTier tier = PolicyTier(TimeSpan.FromHours(48), [TimeSpan.FromHours(20), TimeSpan.FromHours(4)], TimeSpan.FromHours(24), EscalationKind.Manager);

        IReadOnlyList<TierPoint> points = TierTimeline.For(tier, Open);

        Assert.Equal(
            [(4, TierPointKind.Reminder), (20, TierPointKind.Reminder), (24, TierPointKind.Escalation), (48, TierPointKind.Timeout)],
            points.Select(p => ((int)(p.At - Open).TotalHours, p.Kind)));
    }

    [Fact]
    public void For_PointsAtOrAfterTheDeadline_AreDropped()
    {
        ApprovalTier tier = PolicyTier(TimeSpan.FromSeconds(10), [TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30)], TimeSpan.FromSeconds(12), EscalationKind.Manager);

        IReadOnlyList<TierPoint> points = TierTimeline.For(tier, Open);

        Assert.Equal([TierPointKind.Reminder, TierPointKind.Timeout], points.Select(p => p.Kind));
        Assert.Equal(Open.AddSeconds(10), points[^1].At);
    }

    [Fact]
    public void For_EscalationWithoutTarget_IsNotScheduled()
    {
        ApprovalTier tier = PolicyTier(TimeSpan.FromHours(8), [], TimeSpan.FromHours(2), escalateTo: null);

        Assert.Equal([TierPointKind.Timeout], TierTimeline.For(tier, Open).Select(p => p.Kind));
    }

    [Fact]
    public void For_OpenedAtAFractionOfASecond_RoundsEveryPointUpSoNoneIsEarly()
    {
        DateTime opened = Open.AddMilliseconds(420);
        ApprovalTier tier = PolicyTier(TimeSpan.FromSeconds(10), [TimeSpan.FromSeconds(3)], TimeSpan.FromSeconds(6), EscalationKind.Manager);

        IReadOnlyList<TierPoint> points = TierTimeline.For(tier, opened);

        Assert.Equal([Open.AddSeconds(4), Open.AddSeconds(7), Open.AddSeconds(11)], points.Select(p => p.At));
        Assert.All(points.Zip([3, 6, 10]), p => Assert.True(p.First.At >= opened.AddSeconds(p.Second)));
    }
}
