namespace ReleasePolicy.Deployment.Events;

/// <summary>What the webhook did with one delivery; <see cref="Accepted"/> = matched + unmatched (duplicates excluded).</summary>
public sealed record DeliverySummary(int Accepted, int Duplicates, int Unmatched, int Matched);
