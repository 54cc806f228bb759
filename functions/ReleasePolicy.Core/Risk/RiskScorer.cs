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

        factors[3] = new RiskFactor(
            "filesChanged",
            RiskCategory.Complexity,
            Count(inputs.FilesChanged, "file", "files"),
            weights.Complexity * ComplexityParameters.PointsFor(complexity.FilesChanged, inputs.FilesChanged));

        factors[4] = new RiskFactor(
            "linesChanged",
            RiskCategory.Complexity,
            Count(inputs.LinesChanged, "line", "lines"),
            weights.Complexity * ComplexityParameters.PointsFor(complexity.LinesChanged, inputs.LinesChanged));

        factors[5] = new RiskFactor(
            "dependencies",
            RiskCategory.Complexity,
            Count(inputs.DependencyCount, "dependency", "dependencies"),
            weights.Complexity * ComplexityParameters.PointsFor(complexity.Dependencies, inputs.DependencyCount));

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

    private static string Count(int value, string singular, string plural) =>
        value == RiskInputs.Unknown
            ? "unknown (assumed worst case)"
            : string.Create(CultureInfo.InvariantCulture, $"{value} {(value == 1 ? singular : plural)}");
}
