namespace ReleasePolicy.Risk;

/// <summary>
/// Parameters of the weighted additive risk model. Every factor yields non-negative points; a category's points are
/// multiplied by the category weight; the score is the sum. Validation (see the policy parser) guarantees the
/// properties the scorer relies on: weights in [0,1] summing to 1, thresholds ascending with non-decreasing points,
/// criticality points non-increasing from tier-0 to tier-3, and bands contiguous over 0..100.
/// </summary>
public sealed record RiskModel(
    RiskWeights Weights,
    ImpactParameters Impact,
    ComplexityParameters Complexity,
    RollbackFeasibilityParameters RollbackFeasibility,
    RiskBands Bands);

public sealed record RiskWeights(double Impact, double Complexity, double RollbackFeasibility);

public sealed record CriticalityPoints(double Tier0, double Tier1, double Tier2, double Tier3)
{
    public double For(CriticalityTier tier) => tier switch
    {
        CriticalityTier.Tier0 => Tier0,
        CriticalityTier.Tier1 => Tier1,
        CriticalityTier.Tier2 => Tier2,
        // An unrecognised tier scores as the most critical rather than the least.
        CriticalityTier.Tier3 => Tier3,
        _ => Tier0,
    };
}

public sealed record ImpactParameters(
    CriticalityPoints CriticalityPoints,
    double ProductionPoints,
    double PointsPerDependent,
    double MaxDependentPoints);

/// <summary>A step: a count of at least <paramref name="AtLeast"/> earns <paramref name="Points"/>.</summary>
public sealed record PointThreshold(int AtLeast, double Points);

public sealed record ComplexityParameters(
    IReadOnlyList<PointThreshold> FilesChanged,
    IReadOnlyList<PointThreshold> LinesChanged,
    IReadOnlyList<PointThreshold> Dependencies,
    double SchemaMigrationPoints)
{
    /// <summary>Points of the highest threshold reached; thresholds are validated to be ascending.</summary>
    public static double PointsFor(IReadOnlyList<PointThreshold> thresholds, int count)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        double points = 0;
        for (var i = 0; i < thresholds.Count; i++)
        {
            if (count >= thresholds[i].AtLeast)
            {
                points = Math.Max(points, thresholds[i].Points);
            }
        }

        return points;
    }
}

/// <summary>Points added for what makes a rollback harder; a rehearsed, reversible release scores zero here.</summary>
public sealed record RollbackFeasibilityParameters(
    double NotRehearsedPoints,
    double BackwardIncompatibleSchemaPoints,
    double DownMigrationUntestedPoints);

/// <summary>Inclusive integer range on the 0..100 score scale.</summary>
public sealed record RiskBand(int Min, int Max);

public sealed record RiskBands(RiskBand Low, RiskBand Medium, RiskBand High, RiskBand Critical)
{
    public RiskBand For(RiskLevel level) => level switch
    {
        RiskLevel.Low => Low,
        RiskLevel.Medium => Medium,
        RiskLevel.High => High,
        _ => Critical,
    };

    /// <summary>
    /// Bands are validated contiguous, so comparing against the lower bounds from the top down is exact at
    /// boundaries (a score equal to a band's min belongs to that band) and cannot decrease as the score rises.
    /// </summary>
    public RiskLevel LevelFor(int score)
    {
        if (score >= Critical.Min)
        {
            return RiskLevel.Critical;
        }

        if (score >= High.Min)
        {
            return RiskLevel.High;
        }

        return score >= Medium.Min ? RiskLevel.Medium : RiskLevel.Low;
    }
}
