using ReleasePolicy.Calendar;
using ReleasePolicy.Policy;
using static ReleasePolicy.Core.Tests.Calendar.Cal;

namespace ReleasePolicy.Core.Tests.Calendar;

public class SlotRequestsTests
{
    private static readonly PolicyDocument Document = Cal.Document(Cal.Policy(resources:
    [
        new SharedResource("payments-db-cluster", [Env], [Service, "orders-api"]),
        new SharedResource("message-bus", [], [Service]),
        new SharedResource("staging-db", ["staging"], [Service]),
    ]) with { Durations = new DeploymentDurations(TimeSpan.FromMinutes(30), new Dictionary<ReleaseType, TimeSpan> { [ReleaseType.Major] = TimeSpan.FromHours(2) }, TimeSpan.FromHours(8)) });

    [Fact]
    public void Create_TierResourcesAndTypeDuration_FromPolicy()
    {
        var request = SlotRequests.Create(Document, "rel-1", Env, Service, ReleaseType.Major, null, Utc(2026, 12, 1), overrideFreezes: false);

        Assert.Equal("tier-0", request.Tier);
        Assert.Equal(["message-bus", "payments-db-cluster"], request.Resources);
        Assert.Equal(TimeSpan.FromHours(2), request.Duration);
        Assert.Equal(["svc:production:payments-api", "res:message-bus", "res:payments-db-cluster"], request.Lanes);
    }

    [Fact]
    public void Create_RequestedDurationWins_DefaultOtherwise_UnknownServiceHasNoTier()
    {
        var requested = SlotRequests.Create(Document, "rel-2", Env, "orders-api", ReleaseType.Minor, TimeSpan.FromMinutes(45), Utc(2026, 12, 1), true);
        var unknown = SlotRequests.Create(Document, "rel-3", Env, "nobody", ReleaseType.Minor, null, Utc(2026, 12, 1), false);

        Assert.Equal(("tier-1", TimeSpan.FromMinutes(45), true), (requested.Tier, requested.Duration, requested.OverrideFreezes));
        Assert.Equal(["payments-db-cluster"], requested.Resources);
        Assert.Equal((null, TimeSpan.FromMinutes(30)), (unknown.Tier, unknown.Duration));
        Assert.Empty(unknown.Resources);
    }
}
