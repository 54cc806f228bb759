namespace ReleasePolicy.Risk;

/// <summary>
/// The score and the factors that explain it. The contributions sum to the unrounded score; <paramref name="Score"/>
/// is that sum rounded half away from zero and clamped to 0..100.
/// </summary>
public sealed record RiskAssessment(int Score, RiskLevel Level, IReadOnlyList<RiskFactor> Factors);
