namespace ReleasePolicy.Approvals.Presentation;

/// <summary>The release's risk score (0..100), its level, and the factors that explain it.</summary>
public sealed record SummaryRisk(int Score, string Level, IReadOnlyList<SummaryRiskFactor> Factors);

/// <param name="Points">The factor's weighted contribution to the score.</param>
/// <param name="Reason">What was observed (e.g. <c>340 lines</c>).</param>
public sealed record SummaryRiskFactor(string Name, string Category, double Points, string Reason);
