using ReleasePolicy.Approvals;
using static ReleasePolicy.Core.Tests.Approvals.Engine.TierFixtures;

namespace ReleasePolicy.Core.Tests.Approvals.Engine;

public sealed class ApproverEligibilityTests
{
    private readonly MemoryDirectory directory = new();

    public ApproverEligibilityTests()
    {
        this.directory.Groups["cab"] = ["ivan", "judy", "alice", "cab-deputies"];
        this.directory.Groups["cab-deputies"] = ["ken"];
        this.directory.Groups["payments-release-managers"] = ["alice", "bob"];
    }

    [Fact]
    public async Task CheckAsync_MemberThroughNestedGroup_IsEligibleThroughTheGroup()
    {
        Eligibility result = await new ApproverEligibility(this.directory).CheckAsync(Tier(), "ken");

        Assert.True(result.Allowed);
        Assert.Equal("group cab", result.Via);
    }

    [Fact]
    public async Task CheckAsync_Requester_IsRefusedAsSelfApprovalEvenThoughAGroupMember()
    {
        Eligibility result = await new ApproverEligibility(this.directory).CheckAsync(Tier(requester: "alice"), "ALICE");

        Assert.False(result.Allowed);
        Assert.Equal(RefusalCodes.SelfApproval, result.RefusalCode);
    }

    [Fact]
    public async Task CheckAsync_GroupContainingTheRequester_IsRefusedAsSelfApproval()
    {
        Eligibility result = await new ApproverEligibility(this.directory).CheckAsync(Tier(requester: "alice"), "payments-release-managers");

        Assert.False(result.Allowed);
        Assert.Equal(RefusalCodes.SelfApproval, result.RefusalCode);
        Assert.Contains("through a group", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_AnyOtherGroupIdentity_IsRefusedBecauseApprovalsArePersonal()
    {
        Eligibility result = await new ApproverEligibility(this.directory).CheckAsync(Tier(), "cab-deputies");

        Assert.Equal(RefusalCodes.GroupApprover, result.RefusalCode);
    }

    [Fact]
    public async Task CheckAsync_RemovedFromTheGroupBeforeAnswering_IsRefusedAsNotAMember()
    {
        var eligibility = new ApproverEligibility(this.directory);
        Assert.True((await eligibility.CheckAsync(Tier(), "judy")).Allowed);

        this.directory.Groups["cab"].Remove("judy");

        Eligibility result = await eligibility.CheckAsync(Tier(), "judy");
        Assert.Equal(RefusalCodes.NotAMember, result.RefusalCode);
    }

    [Fact]
    public async Task CheckAsync_ApprovedAnEarlierTier_IsRefusedWithThatCode()
    {
        ApprovalTierState tier = Tier() with { Excluded = [new ExcludedPerson("ivan", "approved tier 'cab' already, and oversight.cabPlusSenior needs different people")] };

        Eligibility result = await new ApproverEligibility(this.directory).CheckAsync(tier, "ivan");

        Assert.Equal(RefusalCodes.ApprovedEarlierTier, result.RefusalCode);
    }

    [Fact]
    public async Task CheckAsync_NamedUserOrEscalationAddition_IsEligibleWithoutGroup()
    {
        ApprovalTierState tier = Tier(groups: [], users: ["victor"]) with { AddedApprovers = ["frank"], EscalationGroups = ["cab-deputies"] };
        var eligibility = new ApproverEligibility(this.directory);

        Assert.Equal("named user", (await eligibility.CheckAsync(tier, "victor")).Via);
        Assert.Equal("escalation", (await eligibility.CheckAsync(tier, "frank")).Via);
        Assert.Equal("escalation to group cab-deputies", (await eligibility.CheckAsync(tier, "ken")).Via);
        Assert.False((await eligibility.CheckAsync(tier, "judy")).Allowed);
    }
}
