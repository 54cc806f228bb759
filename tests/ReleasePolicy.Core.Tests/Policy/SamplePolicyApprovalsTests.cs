using System.Text.Json;
using ReleasePolicy.Policy;
using ReleasePolicy.Readiness;
using ReleasePolicy.Risk;

namespace ReleasePolicy.Core.Tests.Policy;

/// <summary>
/// The shipped sample as a whole: every release type and risk level reaches the chain the policy describes, the
/// directory knows everyone the policy names, and no initiator can make a tier impossible to approve.
/// </summary>
public class SamplePolicyApprovalsTests
{
    private static readonly PolicyDocument Policy = SamplePolicy.Load();
    private static readonly DirectoryLookup Directory = new(Policy.Directory);

    [Theory]
    [InlineData(ReleaseType.Major, RiskLevel.Low, ApprovalRoute.Peer, "peer")]
    [InlineData(ReleaseType.Major, RiskLevel.Medium, ApprovalRoute.Cab, "cab")]
    [InlineData(ReleaseType.Major, RiskLevel.High, ApprovalRoute.Cab, "cab")]
    [InlineData(ReleaseType.Major, RiskLevel.Critical, ApprovalRoute.CabPlusSenior, "cab,senior")]
    [InlineData(ReleaseType.Minor, RiskLevel.Low, ApprovalRoute.Delegated, "release-manager")]
    [InlineData(ReleaseType.Minor, RiskLevel.Medium, ApprovalRoute.Peer, "peer")]
    [InlineData(ReleaseType.Minor, RiskLevel.High, ApprovalRoute.Cab, "cab")]
    [InlineData(ReleaseType.Minor, RiskLevel.Critical, ApprovalRoute.CabPlusSenior, "cab,senior")]
    [InlineData(ReleaseType.Patch, RiskLevel.Low, ApprovalRoute.AutoApprove, "")]
    [InlineData(ReleaseType.Patch, RiskLevel.Medium, ApprovalRoute.Delegated, "release-manager")]
    [InlineData(ReleaseType.Patch, RiskLevel.High, ApprovalRoute.Peer, "peer")]
    [InlineData(ReleaseType.Patch, RiskLevel.Critical, ApprovalRoute.Cab, "cab")]
    [InlineData(ReleaseType.Emergency, RiskLevel.Low, ApprovalRoute.Delegated, "release-manager")]
    [InlineData(ReleaseType.Emergency, RiskLevel.Medium, ApprovalRoute.Delegated, "release-manager")]
    [InlineData(ReleaseType.Emergency, RiskLevel.High, ApprovalRoute.Cab, "cab")]
    [InlineData(ReleaseType.Emergency, RiskLevel.Critical, ApprovalRoute.CabPlusSenior, "cab,senior")]
    public void Oversight_EachTypeAndLevel_CarriesTheRoutesChain(ReleaseType type, RiskLevel level, ApprovalRoute route, string tiers)
    {
        var requirement = PolicyIndex.For(Policy).Types[(int)type].Oversight[(int)level];

        Assert.Equal(route, requirement.Route);
        Assert.Equal(tiers, string.Join(",", requirement.Chain.Tiers.Select(t => t.Name)));
        var isAuto = route == ApprovalRoute.AutoApprove;
        Assert.Equal(isAuto, requirement.AutoApproveAllowed);
        Assert.Equal(isAuto ? Policy.Oversight.Single(o => o.Route == route).AutoApproveRule : null, requirement.AutoApproveRule);
        Assert.Equal(isAuto ? string.Empty : "oversight." + route.ToPolicyName(), requirement.Chain.Name);
    }

    [Fact]
    public void Oversight_TwoTierChain_RoundTripsThroughWebJson()
    {
        // Readiness decisions travel between orchestration steps and into evidence as JSON; the chain must survive it.
        var requirement = PolicyIndex.For(Policy).Types[(int)ReleaseType.Major].Oversight[(int)RiskLevel.Critical];
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);

        var json = JsonSerializer.Serialize(requirement, options);
        var back = JsonSerializer.Deserialize<OversightRequirement>(json, options)!;

        Assert.Equal(json, JsonSerializer.Serialize(back, options));
        Assert.Contains("\"escalateTo\":{\"kind\":\"Manager\"", json, StringComparison.Ordinal);
        Assert.Equal(requirement.Chain.Tiers[1].Timeout, back.Chain.Tiers[1].Timeout);
        Assert.True(back.Chain.DistinctApproversAcrossTiers);
    }

    [Fact]
    public void Directory_KnowsEveryoneTheOwnershipNames()
    {
        foreach (var owner in Policy.Ownership)
        {
            foreach (var name in owner.Initiators.Concat(owner.Approvers).Concat(owner.Informed).Append(owner.RollbackOwner))
            {
                Assert.True(Directory.IsPerson(name) || Directory.IsGroup(name), $"{owner.Service}: '{name}' is not in the directory");
            }
        }
    }

    [Fact]
    public void Directory_EveryApproverHasAManager()
    {
        var managers = Policy.Directory.People.ToDictionary(p => p.Id, p => p.Manager, StringComparer.OrdinalIgnoreCase);
        foreach (var chain in Chains())
        {
            foreach (var tier in chain.Tiers)
            {
                foreach (var person in Members(tier))
                {
                    Assert.True(managers[person] is { } manager && managers.ContainsKey(manager), $"{chain.Name}.{tier.Name}: {person} has no manager to escalate to");
                }
            }
        }
    }

    [Fact]
    public void Directory_HasTheGroupSizesTheBriefAsksFor()
    {
        Assert.Equal(4, Members("change-advisory-board").Count);
        Assert.Equal(3, Members("senior-engineers").Count);
        Assert.Equal(2, Members("release-managers").Count);
        Assert.Equal(3, Members("release-policy-council").Count);
        Assert.Single(Members("vp-engineering"));
        Assert.NotEmpty(Members("incident-commanders"));
        Assert.Contains("alice", Members("payments-release-managers"));
    }

    [Fact]
    public void Directory_NoInitiatorCanMakeAServicesApprovalImpossible()
    {
        foreach (var owner in Policy.Ownership)
        {
            var initiators = owner.Initiators.SelectMany(name => Directory.IsGroup(name) ? Members(name) : [name]).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var initiator in initiators)
            {
                foreach (var chain in Chains())
                {
                    var pools = chain.Tiers.Select(t => Members(t).Where(p => !string.Equals(p, initiator, StringComparison.OrdinalIgnoreCase)).ToList()).ToList();
                    for (var i = 0; i < chain.Tiers.Count; i++)
                    {
                        Assert.True(pools[i].Count >= chain.Tiers[i].Quorum, $"{owner.Service}: without {initiator}, {chain.Name}.{chain.Tiers[i].Name} cannot reach quorum");
                    }

                    if (chain.DistinctApproversAcrossTiers)
                    {
                        var everyone = pools.SelectMany(p => p).Distinct(StringComparer.OrdinalIgnoreCase).Count();
                        Assert.True(everyone >= chain.Tiers.Sum(t => t.Quorum), $"{owner.Service}: without {initiator}, {chain.Name} lacks distinct people");
                    }
                }
            }
        }
    }

    [Fact]
    public void Controls_DescribeWhatTheApprovalStageEnforces()
    {
        var controls = Policy.Controls.ToDictionary(c => c.Id);

        Assert.Contains("directly or through a group", controls["RP-08"].Description, StringComparison.Ordinal);
        Assert.Contains("quorum of 3 distinct", controls["RP-09"].Description, StringComparison.Ordinal);
        Assert.Contains("times out rejects", controls["RP-09"].Description, StringComparison.Ordinal);
        Assert.Contains("root-cause analysis", controls["RP-10"].Description, StringComparison.Ordinal);
        Assert.Equal("approvals.policyChanges", controls["RP-12"].AppliesTo);
        Assert.Equal(ControlKind.ApprovalRule, controls["RP-12"].Kind);
    }

    private static IEnumerable<ApprovalChain> Chains() =>
        Policy.Oversight.Select(o => o.Chain)
            .Append(Policy.Approvals.PolicyChanges!)
            .Append(Policy.Approvals.Emergency!.PostFactoReview)
            .Where(c => c.Tiers.Count > 0);

    private static List<string> Members(ApprovalTier tier) =>
        tier.Users.Concat(tier.Groups.SelectMany(Members)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>A group's people, nested groups resolved (the sample has no cycles: the parser refuses them).</summary>
    private static List<string> Members(string group) =>
        Policy.Directory.Groups[group]
            .SelectMany(member => Directory.IsGroup(member) ? Members(member) : [member])
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
}
