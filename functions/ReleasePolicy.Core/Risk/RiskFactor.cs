namespace ReleasePolicy.Risk;

/// <summary>One term of the score: <paramref name="Contribution"/> is already weighted by its category.</summary>
public sealed record RiskFactor(string Name, RiskCategory Category, string Observed, double Contribution);
