namespace ReleasePolicy.IntegrationTests.Fuzz;

/// <summary>
/// The fuzz run is only as good as its reach: every HTTP function (route and method) the app hosts must be generated
/// in any seed's run, so a route added without a generator for it fails here rather than going unfuzzed.
/// </summary>
public sealed class RequestGeneratorCoverageTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(20261129)]
    [InlineData(int.MaxValue)]
    public void Generate_AnySeedsFullRun_ReachesEveryRouteWithEveryMethod(int seed)
    {
        var coverage = RouteCoverage.OfTheApp();

        foreach (FuzzRequest request in new RequestGenerator(seed).Generate(RequestFuzzTests.RequestCount))
        {
            coverage.Reached(request);
        }

        Assert.True(coverage.Missing.Count == 0, $"Seed {seed} never generates: {string.Join(", ", coverage.Missing)}");
    }

    [Fact]
    public void Reached_RequestsForTheirRoutes_LeaveOnlyTheOthersMissing()
    {
        var coverage = RouteCoverage.OfTheApp();
        int routes = coverage.Missing.Count;

        Assert.True(coverage.Reached(new FuzzRequest("GET", "/api/releases/rel-1/signals?limit=x", null, null, FuzzCaller.Pipeline)));
        Assert.False(coverage.Reached(new FuzzRequest("GET", "/api/releases/rel-2/signals", null, null, FuzzCaller.Pipeline)));
        Assert.False(coverage.Reached(new FuzzRequest("GET", "/api/releases//signals", null, null, FuzzCaller.Pipeline)));
        Assert.False(coverage.Reached(new FuzzRequest("BREW", "/api/releases", null, null, FuzzCaller.Pipeline)));

        Assert.Equal(routes - 1, coverage.Missing.Count);
        Assert.DoesNotContain("GET /api/releases/{id}/signals", coverage.Missing);
        Assert.Contains("POST /api/releases/{id}/signals", coverage.Missing);
    }
}
