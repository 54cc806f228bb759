using System.Text.Json;
using CsCheck;
using ReleasePolicy.Policy;
using ReleasePolicy.Risk;

namespace ReleasePolicy.Core.Tests.Risk;

public class RiskScorerTests
{
    private static readonly RiskModel Model = SamplePolicy.Load().Risk;

    private static readonly Gen<int> Count = Gen.OneOf(Gen.Int[0, 30], Gen.Int[0, 6_000], Gen.Const(RiskInputs.Unknown));

    private static readonly Gen<RiskInputs> Inputs = Gen.Select(
        Gen.Int[0, 3].Select(i => (CriticalityTier)i),
        Gen.Bool,
        Gen.Int[0, 20],
        Count,
        Count,
        Count,
        Gen.Bool,
        Gen.Bool,
        Gen.Bool,
        Gen.Bool,
        (tier, production, dependents, files, lines, dependencies, migration, rehearsed, compatible, downTested) =>
            new RiskInputs(tier, production, dependents, files, lines, dependencies, migration, rehearsed, compatible, downTested));

    /// <summary>Each function returns the same release with strictly more risk in exactly one factor.</summary>
    private static readonly Func<RiskInputs, int, RiskInputs>[] MoreRisk =
    [
        (r, _) => r with { Tier = (CriticalityTier)Math.Max(0, (int)r.Tier - 1) },
        (r, _) => r with { Production = true },
        (r, n) => r with { Dependents = Grow(r.Dependents, n) },
        (r, n) => r with { FilesChanged = Grow(r.FilesChanged, n) },
        (r, n) => r with { LinesChanged = Grow(r.LinesChanged, n) },
        (r, n) => r with { DependencyCount = Grow(r.DependencyCount, n) },
        (r, _) => r with { SchemaMigration = true },
        (r, _) => r with { RollbackRehearsed = false },
        (r, _) => r with { SchemaBackwardCompatible = false },
        (r, _) => r with { DownMigrationTested = false },
    ];

    private static int Grow(int value, int by) => value > int.MaxValue - by ? int.MaxValue : value + by;

    [Fact]
    public void Score_MoreRiskInAnyFactor_NeverLowersScoreOrLevel()
    {
        Gen.Select(Inputs, Gen.Int[0, MoreRisk.Length - 1], Gen.Int[1, 500]).Sample((inputs, factor, by) =>
        {
            var before = RiskScorer.Score(inputs, Model);
            var after = RiskScorer.Score(MoreRisk[factor](inputs, by), Model);

            Assert.True(after.Score >= before.Score, $"factor {factor}: {before.Score} -> {after.Score}");
            Assert.True(after.Level >= before.Level, $"factor {factor}: {before.Level} -> {after.Level}");
        }, iter: 5_000);
    }

    [Fact]
    public void Score_MoreRiskUnderRandomValidModel_NeverLowersScore()
    {
        var points = Gen.Double[0, 100];
        var models =
            from w1 in Gen.Double[0, 1]
            from w2 in Gen.Double[0, 1]
            from tiers in points.Array[4]
            from production in points
            from perDependent in points
            from cap in points
            from schema in points
            from rollback in points.Array[3]
            select Model with
            {
                Weights = new RiskWeights(Math.Min(w1, w2), Math.Abs(w1 - w2), 1 - Math.Max(w1, w2)),
                Impact = new ImpactParameters(
                    new CriticalityPoints(tiers.Max(), tiers.Order().ElementAt(2), tiers.Order().ElementAt(1), tiers.Min()),
                    production,
                    perDependent,
                    cap),
                Complexity = Model.Complexity with { SchemaMigrationPoints = schema },
                RollbackFeasibility = new RollbackFeasibilityParameters(rollback[0], rollback[1], rollback[2]),
            };

        Gen.Select(models, Inputs, Gen.Int[0, MoreRisk.Length - 1]).Sample((model, inputs, factor) =>
        {
            var before = RiskScorer.Score(inputs, model);
            var after = RiskScorer.Score(MoreRisk[factor](inputs, 7), model);

            Assert.True(after.Score >= before.Score);
            Assert.True(after.Level >= before.Level);
        }, iter: 2_000);
    }

    [Fact]
    public void Score_Contributions_SumToScoreBeforeRounding()
    {
        Inputs.Sample(inputs =>
        {
            var assessment = RiskScorer.Score(inputs, Model);

            var sum = assessment.Factors.Sum(f => f.Contribution);
            Assert.Equal((int)Math.Clamp(Math.Round(sum, MidpointRounding.AwayFromZero), 0, 100), assessment.Score);
            Assert.All(assessment.Factors, f => Assert.True(f.Contribution >= 0));
            Assert.InRange(assessment.Score, 0, 100);
        }, iter: 2_000);
    }

    [Fact]
    public void Score_Factors_ExplainEveryCategory()
    {
        var assessment = RiskScorer.Score(new RiskInputs(CriticalityTier.Tier0, true, 3, 12, 340, 1, false, true, true, true), Model);

        Assert.Equal(10, assessment.Factors.Count);
        Assert.Equal(
            [RiskCategory.Impact, RiskCategory.Complexity, RiskCategory.RollbackFeasibility],
            assessment.Factors.Select(f => f.Category).Distinct());
        Assert.Equal("tier-0", assessment.Factors.Single(f => f.Name == "criticality").Observed);
        Assert.Equal("12 files", assessment.Factors.Single(f => f.Name == "filesChanged").Observed);
    }

    [Theory]
    // tier-0 production with 3 dependents: 0.45 × (60 + 25 + 15) = 45; 12 files + 340 lines + 1 dep: 0.3 × 25 = 7.5.
    [InlineData(CriticalityTier.Tier0, true, 3, 12, 340, 1, false, true, 53, RiskLevel.High)]
    // Least risky: tier-3 dev, tiny change, rehearsed: 0.45 × 5 = 2.25.
    [InlineData(CriticalityTier.Tier3, false, 0, 1, 10, 0, false, true, 2, RiskLevel.Low)]
    // Everything at maximum: 45 + 30 + 25 = 100.
    [InlineData(CriticalityTier.Tier0, true, 10, 500, 9_000, 20, true, false, 100, RiskLevel.Critical)]
    // tier-2 production, not rehearsed: 0.45 × 45 + 0.25 × 40 = 30.25.
    [InlineData(CriticalityTier.Tier2, true, 0, 0, 0, 0, false, false, 30, RiskLevel.Medium)]
    public void Score_SampleModel_KnownValues(
        CriticalityTier tier, bool production, int dependents, int files, int lines, int dependencies,
        bool migration, bool rehearsed, int expectedScore, RiskLevel expectedLevel)
    {
        var inputs = new RiskInputs(tier, production, dependents, files, lines, dependencies, migration, rehearsed, false, false);

        var assessment = RiskScorer.Score(inputs, Model);

        Assert.Equal(expectedScore, assessment.Score);
        Assert.Equal(expectedLevel, assessment.Level);
    }

    [Fact]
    public void LevelFor_BandBoundaries_AreExact()
    {
        var cuts = Gen.Int[1, 100].Array[3].Where(a => a.Distinct().Count() == 3).Select(a => a.Order().ToArray());
        cuts.Sample(c =>
        {
            var bands = new RiskBands(
                new RiskBand(0, c[0] - 1), new RiskBand(c[0], c[1] - 1), new RiskBand(c[1], c[2] - 1), new RiskBand(c[2], 100));

            for (var level = RiskLevel.Low; level <= RiskLevel.Critical; level++)
            {
                var band = bands.For(level);
                Assert.Equal(level, bands.LevelFor(band.Min));
                Assert.Equal(level, bands.LevelFor(band.Max));
                if (level > RiskLevel.Low)
                {
                    Assert.Equal(level - 1, bands.LevelFor(band.Min - 1));
                }
            }
        });
    }

    [Fact]
    public void Score_ExactBandMinimum_BelongsToThatBand()
    {
        // Impact weight 1 and tier-0 worth exactly the target points make the score equal to that target.
        Gen.Int[0, 100].Sample(target =>
        {
            var model = Model with
            {
                Weights = new RiskWeights(1, 0, 0),
                Impact = new ImpactParameters(new CriticalityPoints(target, 0, 0, 0), 0, 0, 0),
            };
            var inputs = new RiskInputs(CriticalityTier.Tier0, false, 0, 0, 0, 0, false, true, true, true);

            var assessment = RiskScorer.Score(inputs, model);

            Assert.Equal(target, assessment.Score);
            var expected = target >= 75 ? RiskLevel.Critical : target >= 50 ? RiskLevel.High : target >= 25 ? RiskLevel.Medium : RiskLevel.Low;
            Assert.Equal(expected, assessment.Level);
        });
    }

    [Theory]
    [InlineData(24, RiskLevel.Low)]
    [InlineData(25, RiskLevel.Medium)]
    [InlineData(49, RiskLevel.Medium)]
    [InlineData(50, RiskLevel.High)]
    [InlineData(74, RiskLevel.High)]
    [InlineData(75, RiskLevel.Critical)]
    public void LevelFor_SampleBands_Boundaries(int score, RiskLevel expected)
    {
        Assert.Equal(expected, Model.Bands.LevelFor(score));
    }

    [Fact]
    public void Score_Assessment_RoundTripsThroughSystemTextJson()
    {
        var assessment = RiskScorer.Score(new RiskInputs(CriticalityTier.Tier1, true, 2, 60, 1_200, 3, true, false, false, true), Model);

        var json = JsonSerializer.Serialize(assessment);
        var back = JsonSerializer.Deserialize<RiskAssessment>(json)!;

        Assert.Equal(assessment.Score, back.Score);
        Assert.Equal(assessment.Level, back.Level);
        Assert.Equal(assessment.Factors, back.Factors);
        Assert.Contains("\"Level\":\"High\"", json, StringComparison.Ordinal);
    }
}
