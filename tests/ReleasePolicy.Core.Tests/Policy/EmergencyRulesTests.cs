using ReleasePolicy.Policy;

namespace ReleasePolicy.Core.Tests.Policy;

public class EmergencyRulesTests
{
    private static readonly PolicyDocument Sample = SamplePolicy.Load();

    [Fact]
    public void SkipsPreApproval_MemberOfANamedGroup_Skips()
    {
        Assert.True(EmergencyRules.SkipsPreApproval(Sample, "trent", ["customer-support", "incident-commanders"]));
        Assert.Equal("incident-commanders", EmergencyRules.SkipPreApprovalGrant(Sample, "trent", ["incident-commanders"]));
    }

    [Fact]
    public void SkipsPreApproval_GroupNamesIgnoreCase()
    {
        Assert.True(EmergencyRules.SkipsPreApproval(Sample, "trent", ["Incident-Commanders"]));
    }

    [Fact]
    public void SkipsPreApproval_RequesterOutsideTheNamedGroups_DoesNotSkip()
    {
        Assert.False(EmergencyRules.SkipsPreApproval(Sample, "alice", ["payments-release-managers"]));
        Assert.False(EmergencyRules.SkipsPreApproval(Sample, "alice", null));
        Assert.Null(EmergencyRules.SkipPreApprovalGrant(Sample, "alice", []));
    }

    [Fact]
    public void SkipsPreApproval_PersonNamedDirectly_Skips()
    {
        var policy = Sample with
        {
            Approvals = Sample.Approvals with { Emergency = Sample.Approvals.Emergency! with { SkipPreApprovalFor = ["Alice"] } },
        };

        Assert.Equal("Alice", EmergencyRules.SkipPreApprovalGrant(policy, "alice", null));
    }

    [Fact]
    public void SkipsPreApproval_GroupNamedLikeTheRequesterIsNotARequester()
    {
        // Only the requester's own id matches directly; a blank requester never skips, whatever groups are claimed.
        Assert.False(EmergencyRules.SkipsPreApproval(Sample, " ", ["incident-commanders"]));
        Assert.False(EmergencyRules.SkipsPreApproval(Sample, "incident-commanders-bot", []));
    }

    [Fact]
    public void SkipsPreApproval_PolicyWithoutEmergencyPath_NeverSkips()
    {
        var policy = Sample with { Approvals = Sample.Approvals with { Emergency = null } };

        Assert.False(EmergencyRules.SkipsPreApproval(policy, "trent", ["incident-commanders"]));
        Assert.False(EmergencyRules.RequiresRootCauseAnalysis(policy, 100));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(3, true)]
    public void RequiresRootCauseAnalysis_FromThePolicysCount(int recent, bool required)
    {
        Assert.Equal(required, EmergencyRules.RequiresRootCauseAnalysis(Sample, recent));
    }
}
