namespace ReleasePolicy.Approvals.Presentation;

/// <summary>
/// How the release is undone, from its evidence: a description and, when there is one, a link (e.g. the runbook).
/// Only <c>http</c> and <c>https</c> links are rendered as links; anything else is shown as text.
/// </summary>
public sealed record RollbackPlan(string Text, Uri? Link);
