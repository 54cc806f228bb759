using ReleasePolicy.Approvals;
using static ReleasePolicy.Core.Tests.Approvals.Engine.TierFixtures;

namespace ReleasePolicy.Core.Tests.Approvals.Engine;

public sealed class ApprovalTierStateTests
{
    [Fact]
    public void WithVote_BelowQuorum_StaysOpen()
    {
        ApprovalTierState tier = Tier(quorum: 2).WithVote(Approve("ivan"));

        Assert.Equal(TierStatus.Open, tier.Status);
        Assert.Equal(1, tier.Approvals);
        Assert.Null(tier.ClosedAt);
    }

    [Fact]
    public void WithVote_CompletingQuorum_ApprovesAndNamesTheApprovers()
    {
        ApprovalTierState tier = Tier(quorum: 2).WithVote(Approve("ivan")).WithVote(Approve("judy", minute: 5));

        Assert.Equal(TierStatus.Approved, tier.Status);
        Assert.Contains("ivan, judy", tier.Outcome, StringComparison.Ordinal);
        Assert.Equal(Opened.AddMinutes(5), tier.ClosedAt);
    }

    [Fact]
    public void WithVote_OneRejection_RejectsWithTheComment()
    {
        ApprovalTierState tier = Tier(quorum: 3).WithVote(Approve("ivan"))
            .WithVote(new ApprovalVote("judy", ApprovalVerdict.Reject, "no rollback rehearsal", Opened.AddMinutes(2), "link", "group cab"));

        Assert.Equal(TierStatus.Rejected, tier.Status);
        Assert.Contains("judy", tier.Outcome, StringComparison.Ordinal);
        Assert.Contains("no rollback rehearsal", tier.Outcome, StringComparison.Ordinal);
    }

    [Fact]
    public void Waiting_ListsNotifiedAndAddedPeopleWhoHaveNotAnswered()
    {
        ApprovalTierState tier = (Tier() with { AddedApprovers = ["mona"] }).WithVote(Approve("judy"));

        Assert.Equal(["ivan", "ken", "mona"], tier.Waiting);
    }

    [Fact]
    public void WithRefusal_BeyondTheCap_CountsInsteadOfKeeping()
    {
        ApprovalTierState tier = Tier();
        for (var i = 0; i < ApprovalTierState.MaxKeptRefusals + 7; i++)
        {
            tier = tier.WithRefusal(new ApprovalRefusal("mallory", RefusalCodes.NotAMember, "not a member", Opened, "link"));
        }

        Assert.Equal(ApprovalTierState.MaxKeptRefusals, tier.Refusals.Count);
        Assert.Equal(7, tier.RefusalsDropped);
    }

    [Fact]
    public void WithEscalation_Once_AddsGroupsAndPeople_ASecondTimeIsRefused()
    {
        ApprovalTierState escalated = Tier().WithEscalation(["cab-deputies"], ["wendy"])!;

        Assert.True(escalated.Escalated);
        Assert.Equal(["cab-deputies"], escalated.EscalationGroups);
        Assert.Equal(["wendy"], escalated.AddedApprovers);
        Assert.Null(escalated.WithEscalation(["vp"], ["victor"]));
    }

    [Fact]
    public void NewcomersAmong_LeavesOutTheExcludedAndTheAlreadyAsked()
    {
        global::ReleasePolicy.Notifications.DirectoryPerson[] reached = [new("ALICE", "Alice", null), new("ivan", "Ivan", null), new("wendy", "Wendy", null), new("Wendy", "Wendy", null)];

        Assert.Equal(["wendy"], Tier().NewcomersAmong(reached).Select(p => p.Id));
    }
}
