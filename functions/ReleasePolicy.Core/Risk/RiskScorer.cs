using System.Globalization;

namespace ReleasePolicy.Risk;

/// <summary>
/// Scores a release on 0..100. The score is a weighted sum of non-negative factor points:
/// <c>score = clamp(round(Σ contribution), 0, 100)</c> where each factor's contribution is its points times its
/// category weight, so <see cref="RiskAssessment.Factors"/> explains the score exactly (before rounding and clamping).
/// Every factor is non-decreasing in risk, and rounding, clamping and band lookup are non-decreasing, so more risk in
/// any input never lowers the score or the level.
/// </summary>
public static class RiskScorer
{
    public static RiskAssessment Score(RiskInputs inputs, RiskModel model)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(model);

        var weights = model.Weights;
        var impact = model.Impact;
        var complexity = model.Complexity;
        var rollback = model.RollbackFeasibility;
        var factors = new RiskFactor[10];

        factors[0] = new RiskFactor(
            "criticality",
            RiskCategory.Impact,
            inputs.Tier.ToPolicyName(),
            weights.Impact * impact.CriticalityPoints.For(inputs.Tier));

        factors[1] = new RiskFactor(
            "productionEnvironment",
            RiskCategory.Impact,
            inputs.Production ? "production" : "non-production",
            inputs.Production ? weights.Impact * impact.ProductionPoints : 0);

        var dependents = Math.Max(0, inputs.Dependents);
        factors[2] = new RiskFactor(
            "dependentServices",
            RiskCategory.Impact,
            Count(dependents, "dependent", "dependents"),
            weights.Impact * Math.Min(dependents * impact.PointsPerDependent, impact.MaxDependentPoints));

        factors[3] = ChangeSizeFactor("filesChanged", inputs.FilesChanged, "file", "files", complexity.FilesChanged, weights.Complexity);
        factors[4] = ChangeSizeFactor("linesChanged", inputs.LinesChanged, "line", "lines", complexity.LinesChanged, weights.Complexity);
        factors[5] = ChangeSizeFactor("dependencies", inputs.DependencyCount, "dependency", "dependencies", complexity.Dependencies, weights.Complexity);

        factors[6] = new RiskFactor(
            "schemaMigration",
            RiskCategory.Complexity,
            inputs.SchemaMigration ? "present" : "none",
            inputs.SchemaMigration ? weights.Complexity * complexity.SchemaMigrationPoints : 0);

        factors[7] = new RiskFactor(
            "rollbackRehearsal",
            RiskCategory.RollbackFeasibility,
            inputs.RollbackRehearsed ? "rehearsed recently" : "not rehearsed recently",
            inputs.RollbackRehearsed ? 0 : weights.RollbackFeasibility * rollback.NotRehearsedPoints);

        // Schema compatibility only matters when there is a migration to roll back.
        var incompatible = inputs.SchemaMigration && !inputs.SchemaBackwardCompatible;
        factors[8] = new RiskFactor(
            "schemaBackwardCompatibility",
            RiskCategory.RollbackFeasibility,
            !inputs.SchemaMigration ? "no migration" : incompatible ? "not backward compatible" : "backward compatible",
            incompatible ? weights.RollbackFeasibility * rollback.BackwardIncompatibleSchemaPoints : 0);

        var downUntested = inputs.SchemaMigration && !inputs.DownMigrationTested;
        factors[9] = new RiskFactor(
            "downMigration",
            RiskCategory.RollbackFeasibility,
            !inputs.SchemaMigration ? "no migration" : downUntested ? "not tested" : "tested",
            downUntested ? weights.RollbackFeasibility * rollback.DownMigrationUntestedPoints : 0);

        double raw = 0;
        for (var i = 0; i < factors.Length; i++)
        {
            raw += factors[i].Contribution;
        }

        var score = (int)Math.Clamp(Math.Round(raw, MidpointRounding.AwayFromZero), 0, 100);
        return new RiskAssessment(score, model.Bands.LevelFor(score), factors);
    }

    /// <summary>A complexity factor that grows with a count (files, lines, dependencies) by the policy's thresholds.</summary>
    private static RiskFactor ChangeSizeFactor(
        string name, int count, string singular, string plural, IReadOnlyList<PointThreshold> thresholds, double weight) =>
        new(name, RiskCategory.Complexity, Count(count, singular, plural), weight * ComplexityParameters.PointsFor(thresholds, count));

    private static string Count(int value, string singular, string plural) =>
        value == RiskInputs.Unknown
            ? "unknown (assumed worst case)"
            : string.Create(CultureInfo.InvariantCulture, $"{value} {(value == 1 ? singular : plural)}");
}
