using ReleasePolicy.Notifications;
using ReleasePolicy.Policy;
using ReleasePolicy.Releases;
using ReleasePolicy.Workflow.Activities;

namespace ReleasePolicy.Core.Tests.Workflow;

/// <summary>The sample's <c>dependencySignOff</c> (major releases): one more tier, for the owners of the dependents.</summary>
public class DependencySignOffPlannerTests
{
    private static readonly PolicyDocument Sample = SamplePolicy.Load();
    private static readonly ApprovalChain Cab = Sample.Oversight.Single(o => o.Route == ApprovalRoute.Cab).Chain;

    [Fact]
    public async Task AddToAsync_MajorReleaseOfAServiceWithOwnedDependents_AppendsTheirOwnersAsTheLastTier()
    {
        // payments-api's dependents are checkout-web, orders-api and refunds-worker; only orders-api has owners
        // (ownership approvers: the orders-leads group).
        ApprovalChain chain = await Planner().AddToAsync(Cab, Sample, Release("payments-api", ReleaseType.Major));

        Assert.Equal(Cab.Tiers.Count + 1, chain.Tiers.Count);
        Assert.Equal(Cab.Tiers, chain.Tiers.Take(Cab.Tiers.Count));
        ApprovalTier signOff = chain.Tiers[^1];
        Assert.Equal("dependents", signOff.Name);
        Assert.Equal(["orders-leads"], signOff.Groups);
        Assert.Empty(signOff.Users);
        Assert.Equal(Sample.Calendar.DependencySignOff!.Tier.Quorum, signOff.Quorum);
    }

    [Theory]
    [InlineData("payments-api", ReleaseType.Minor)]
    [InlineData("payments-api", ReleaseType.Emergency)]
    [InlineData("internal-docs", ReleaseType.Major)]
    public async Task AddToAsync_TypeNotListedOrNoOwnedDependents_LeavesTheChainAlone(string service, ReleaseType type)
    {
        ApprovalChain chain = await Planner().AddToAsync(Cab, Sample, Release(service, type));

        Assert.Same(Cab, chain);
    }

    [Fact]
    public async Task AddToAsync_PolicyWithoutCalendar_LeavesTheChainAlone()
    {
        ApprovalChain chain = await Planner().AddToAsync(Cab, Sample with { Calendar = CalendarPolicy.Ungoverned }, Release("payments-api", ReleaseType.Major));

        Assert.Same(Cab, chain);
    }

    private static DependencySignOffPlanner Planner() => new(new PolicyPeopleDirectory(_ => Task.FromResult(Sample.Directory)));

    private static ReleaseRequest Release(string service, ReleaseType type) =>
        new(service, "3.0.0", "production", type, "alice", "A change", "key", null);
}
